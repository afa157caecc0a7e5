# Sluice: the two commands.
#   make run   builds the services (release) and starts the whole local stack
#   make test  runs the whole test suite against a private throwaway PostgreSQL
.PHONY: run test build fuzz bench clean-data

run:
	./deploy/local/run-stack.sh

test:
	./scripts/test.sh

build:
	swift build -c release

fuzz:
	./Fuzz/run.sh

bench:
	./Benchmarks/http-bench.sh

clean-data:
	./scripts/postgres.sh stop .data/postgres || true
	./scripts/postgres.sh stop .data/test-postgres || true
	rm -rf .data
