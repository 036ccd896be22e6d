// Parses each file given as an argument with Groovy's own compiler, up to its CONVERSION phase:
// the source is read by the Groovy grammar and turned into an AST, nothing is resolved or run
// (a Jenkinsfile's steps are only known inside Jenkins). Prints the compiler's messages; exit 1
// when any file does not parse.
import org.codehaus.groovy.control.CompilationFailedException
import org.codehaus.groovy.control.CompilationUnit
import org.codehaus.groovy.control.Phases

int failed = 0
for (String path : args) {
  CompilationUnit unit = new CompilationUnit()
  unit.addSource(new File(path))
  try {
    unit.compile(Phases.CONVERSION)
  } catch (CompilationFailedException e) {
    System.err.println(e.message)
    failed++
  }
}
System.exit(failed ? 1 : 0)
