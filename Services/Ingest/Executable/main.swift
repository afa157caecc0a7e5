import Ingest
import SluicePostgres
import SluiceService

ServiceMain.run(kind: .ingest, schema: "ingest") { runtime in try IngestService.makeRouter(runtime: runtime) }
