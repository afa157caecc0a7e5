import Ingest
import SluiceService

ServiceMain.run(kind: .ingest) { runtime in try IngestService.makeRouter(runtime: runtime) }
