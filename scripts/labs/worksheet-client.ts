// The lab page's worksheet inputs, bound to the same engagement record as the slides' forms
// (composables/useEngagementRecord.ts): saved as typed, in this browser and — when the kit's server
// serves an engagement — in its folder; a value failing its check is kept and flagged beside the
// field. Bundled by the lab build into assets/worksheets.js (scripts/labs/index.ts).
import { watchEffect } from 'vue'
import { useEngagementRecord } from '../../composables/useEngagementRecord.ts'
import { fieldProblem } from '../../core/engagement/record.ts'

const record = useEngagementRecord()

for (const input of document.querySelectorAll<HTMLInputElement>('input.ws-input[data-field]')) {
  const path = input.dataset.field!
  const message = input.nextElementSibling instanceof HTMLElement && input.nextElementSibling.matches('[data-field-message]') ? input.nextElementSibling : null
  if (message) message.id = `msg-${path}`
  input.addEventListener('input', () => record.set(path, input.value))
  watchEffect(() => {
    const value = record.value(path)
    // A page built for an engagement holds its answers as they were at build time (the value
    // attribute): they stay until this browser or the engagement's server has the field.
    const stored = record.fields.value[path] !== undefined
    // Another window's change shows at once, except in the field being typed in here.
    if (stored && input.value !== value && document.activeElement !== input) input.value = value
    const problem = stored ? record.problem(path) : fieldProblem(path, input.value)
    const failed = record.saveState(path) === 'failed'
    const text = [problem ? `Expected ${problem}.` : '', failed ? record.saveError.value || 'Could not save; kept in this browser, retrying.' : ''].filter(Boolean).join(' ')
    if (problem) input.setAttribute('aria-invalid', 'true')
    else input.removeAttribute('aria-invalid')
    if (message) {
      message.textContent = text
      message.hidden = !text
      if (text) input.setAttribute('aria-describedby', message.id)
      else input.removeAttribute('aria-describedby')
    }
  })
}

for (const status of document.querySelectorAll<HTMLElement>('.ws-status[data-save-state]')) {
  watchEffect(() => {
    const error = record.saveError.value
    status.dataset.saveState = error || record.notice.value ? 'failed' : record.engaged ? 'engagement' : 'browser'
    status.textContent = [record.notice.value, error].filter(Boolean).join(' ') || (record.engaged ? 'Answers typed here are saved to the engagement folder as you type.' : 'Answers typed here are saved in this browser as you type.')
  })
}
