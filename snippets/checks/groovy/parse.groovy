// Parses each file given as an argument with Groovy's own compiler, up to its CONVERSION phase:
// the source is read by the Groovy grammar and turned into an AST, nothing is resolved or run
// (a Jenkinsfile's steps are only known inside Jenkins). Prints one JSON array on stdout, an entry
// per file: {path, error} with the compiler's message when it does not parse, else {path, body}
// with the script's statements as a tree of calls (see snippets/checks/groovy.ts for its type), so
// that the shape checks read what Groovy read. Exit 1 when any file does not parse.
import groovy.json.JsonOutput
import groovy.transform.Field
import org.codehaus.groovy.ast.expr.*
import org.codehaus.groovy.ast.stmt.*
import org.codehaus.groovy.control.CompilationFailedException
import org.codehaus.groovy.control.CompilationUnit
import org.codehaus.groovy.control.Phases

List statements(Statement s) {
  if (s instanceof BlockStatement) return s.statements.collectMany { statements(it) }
  if (s instanceof ExpressionStatement) return [node(s.expression)]
  if (s instanceof IfStatement) {
    return [[type: 'if', line: s.lineNumber, cond: node(s.booleanExpression.expression),
             then: statements(s.ifBlock), else: statements(s.elseBlock)]]
  }
  if (s instanceof EmptyStatement) return []
  return [[type: 'other', line: s.lineNumber, text: s.text]]
}

/** The lines of the file being read, for the source text of a GString. */
@Field List<String> sourceLines

String sourceOf(Expression e) {
  List lines = sourceLines[(e.lineNumber - 1)..(e.lastLineNumber - 1)]
  if (lines.size() == 1) return lines[0].substring(e.columnNumber - 1, e.lastColumnNumber - 1)
  return ([lines[0].substring(e.columnNumber - 1)] + lines[1..-2] + [lines[-1].substring(0, e.lastColumnNumber - 1)]).join('\n')
}

String unquoted(String literal) {
  String quote = ['"""', '"', '/'].find { literal.startsWith(it) }
  return literal.substring(quote.length(), literal.length() - quote.length())
}

Map node(Expression e) {
  if (e == null || e instanceof EmptyExpression) return null
  Map n = [line: e.lineNumber]
  if (e instanceof MethodCallExpression) {
    List args = e.arguments instanceof TupleExpression ? e.arguments.expressions : [e.arguments]
    Map named = [:]
    List positional = []
    List body = null
    args.each { a ->
      if (a instanceof MapExpression) a.mapEntryExpressions.each { named[it.keyExpression.text] = node(it.valueExpression) }
      else if (a instanceof ClosureExpression && a.is(args.last())) body = statements(a.code)
      else positional << node(a)
    }
    Map object = e.implicitThis ? null : node(e.objectExpression)
    return n + [type: 'call', name: e.methodAsString, object: object, args: positional, named: named, body: body]
  }
  // The compiler rewrites "${a.b}" as "$a.b" in its own text: the value is the source's, between the quotes.
  if (e instanceof GStringExpression) return n + [type: 'string', value: unquoted(sourceOf(e)), interpolated: true]
  if (e instanceof ConstantExpression) {
    return e.value instanceof String ? n + [type: 'string', value: e.value] : n + [type: 'constant', value: e.text]
  }
  if (e instanceof VariableExpression) return n + [type: 'var', name: e.name]
  if (e instanceof PropertyExpression) return n + [type: 'property', object: node(e.objectExpression), name: e.propertyAsString]
  if (e instanceof BinaryExpression) {
    return n + [type: 'binary', op: e.operation.text, left: node(e.leftExpression), right: node(e.rightExpression)]
  }
  if (e instanceof ListExpression) return n + [type: 'list', items: e.expressions.collect { node(it) }]
  if (e instanceof ClosureExpression) return n + [type: 'closure', body: statements(e.code)]
  return n + [type: 'other', text: e.text]
}

int failed = 0
List files = []
// a loop, not a closure: Groovy 2.4 assigns a script's @Field from a closure into the binding instead
for (String path : args) {
  CompilationUnit unit = new CompilationUnit()
  File file = new File(path)
  sourceLines = file.readLines('UTF-8')
  unit.addSource(file)
  try {
    unit.compile(Phases.CONVERSION)
    files << [path: path, body: statements(unit.AST.modules[0].statementBlock)]
  } catch (CompilationFailedException e) {
    failed++
    files << [path: path, error: e.message]
  }
}
println JsonOutput.toJson(files)
System.exit(failed ? 1 : 0)
