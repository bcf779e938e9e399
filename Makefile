# Nexus build entry points. Every target first installs any missing Debian packages.
# `make run` builds and starts Nexus on ./data/nexus.db; `make test` builds and runs every test.

DEBIAN_PACKAGES := g++ cmake ninja-build ccache pkg-config libgtest-dev libgmock-dev \
    libbenchmark-dev libfmt-dev libspdlog-dev libcli11-dev nlohmann-json3-dev libedit-dev \
    libsodium-dev libxxhash-dev liblz4-dev libzstd-dev zlib1g-dev libboost-dev libroaring-dev \
    libssl-dev clang-format libicu-dev tzdata
# Node.js (for the driver tests) may come from another packaging that bundles npm, so it is
# checked by command rather than by package name.
NODE_PACKAGES := nodejs npm

JOBS ?= $(shell nproc)
BUILD_DIR ?= build
CMAKE_FLAGS ?=
CTEST_FLAGS ?= --output-on-failure

.PHONY: all deps build run test test-asan test-tsan bench bench-peers format format-check clean

all: build

deps:
	@missing=""; for p in $(DEBIAN_PACKAGES); do \
	    dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	command -v npm >/dev/null 2>&1 || missing="$$missing $(NODE_PACKAGES)"; \
	if [ -n "$$missing" ]; then \
	    echo "Installing missing Debian packages:$$missing"; \
	    SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
	    $$SUDO apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

define configure
	@if [ ! -f $(1)/build.ninja ]; then \
	    cmake -S . -B $(1) -G Ninja -DCMAKE_BUILD_TYPE=$(2) $(3) $(CMAKE_FLAGS) >/dev/null; \
	fi
endef

build: deps
	$(call configure,$(BUILD_DIR),RelWithDebInfo,)
	@cmake --build $(BUILD_DIR) -j $(JOBS)

# Serves data/nexus.db (demo graph on first start) over Bolt :7687 and HTTP :7474 on loopback.
# Without NEXUS_PASSWORD it serves without authentication (loopback only, with a warning);
# `make run NEXUS_PASSWORD=secret` sets the password of user neo4j on first start.
run: build
	@mkdir -p data
	./$(BUILD_DIR)/nexus run data/nexus.db $(if $(NEXUS_PASSWORD),--initial-password '$(NEXUS_PASSWORD)',--no-auth)

test: build
	cd $(BUILD_DIR) && ctest $(CTEST_FLAGS) -j $(JOBS)

test-asan: deps
	$(call configure,build-asan,Debug,-DNEXUS_SANITIZE=address)
	@cmake --build build-asan -j $(JOBS)
	cd build-asan && NEXUS_TEST_QUICK=1 ctest $(CTEST_FLAGS) -j $(JOBS)

test-tsan: deps
	$(call configure,build-tsan,Debug,-DNEXUS_SANITIZE=thread)
	@cmake --build build-tsan -j $(JOBS)
	cd build-tsan && NEXUS_TEST_QUICK=1 ctest $(CTEST_FLAGS) -j $(JOBS) -L concurrency

bench: build
	@for b in $(BUILD_DIR)/bench/*_bench; do echo "== $$b"; $$b; done

# LDBC SNB SF0.1 against Kuzu and SQLite (docs/peers.md); ARGS=--quick for a short run.
bench-peers: deps
	BUILD_DIR=$(BUILD_DIR) JOBS=$(JOBS) bench/peers/bench_peers.sh $(ARGS)

format:
	@git ls-files '*.h' '*.cc' | xargs clang-format -i

format-check:
	@git ls-files '*.h' '*.cc' | xargs clang-format --dry-run -Werror

clean:
	rm -rf build build-asan build-tsan
