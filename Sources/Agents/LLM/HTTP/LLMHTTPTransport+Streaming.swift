import AsyncHTTPClient
import NIOCore

extension LLMHTTPTransport {
    /// POSTs a streaming request and returns its events: the body is fed through
    /// `ServerSentEventParser` and `assembler` as bytes arrive. Errors reach the consumer as
    /// `LLMError`s attributed to `provider`/`model`; ending the consumption cancels the request.
    func stream<Assembler: LLMStreamAssembling>(
        path: String, headers: [(String, String)], body: [UInt8], assembler: Assembler, provider: String, model: String
    ) -> AsyncThrowingStream<LLMStreamEvent, any Error> {
        let (stream, continuation) = AsyncThrowingStream<LLMStreamEvent, any Error>.makeStream()
        let task = Task {
            do throws(LLMError) {
                var assembler = assembler
                var parser = ServerSentEventParser()
                let response = try await open(path: path, headers: headers, body: body, accept: "text/event-stream")
                do {
                    for try await buffer in response.body {
                        let events: [ServerSentEvent]
                        do {
                            events = try parser.feed(buffer.readableBytesView)
                        } catch {
                            throw LLMError(code: .malformedResponse, message: "invalid event stream: \(error)")
                        }
                        for event in events {
                            for output in try assembler.consume(event) { continuation.yield(output) }
                        }
                        // After the end marker the body is read to its end (servers close it at
                        // once) so the connection goes back to the pool instead of being dropped.
                    }
                } catch let error as LLMError {
                    throw error
                } catch {
                    throw HTTPFailureClassifier.classify(transportError: error)
                }
                if !assembler.isFinished {
                    parser.finish()
                    for output in try assembler.finish() { continuation.yield(output) }
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error.attributed(provider: provider, model: model))
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }
}
