/// Why `agents eval` could not run: printed as one line, exit status 1.
struct AgentsEvalFailure: Error {
    let message: String
}
