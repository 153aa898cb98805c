import AnalyticsReadModel
import AuditReadModel
import ConversationContextReadModel
import ErasureReadModel
import ProjectorEngine
import ReadModels

/// The four read models' projectors with their default settings, in the order `serve` starts them.
public enum ReadModelCatalog {
    /// conversation_context (window of `windowSize` messages), audit, erasure, analytics.
    public static func projectors(windowSize: Int = 20) throws(ReadModelError) -> [any Projector] {
        [try ConversationContextProjector(windowSize: windowSize), try AuditProjector(), try ErasureProjector(), try AnalyticsProjector()]
    }
}
