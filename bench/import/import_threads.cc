// Runs one import (the `nexus import` arguments that ldbc_rss.sh passes) and prints its wall
// time and the CPU time of the importing thread and of the CSV reader threads, to see how the
// work is split between the two cores independently of the machine's load.
//   usage: import_threads DB [--max-memory BYTES] [--id-type integer] [--delimiter C]
//                            [--importer-converts]
//                            --nodes=... --relationships=...
#include <cstdio>
#include <cstdlib>
#include <string>

#include "import/importer.h"

using nexus::import::ImportOptions;

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s DB [options] --nodes=... --relationships=...\n", argv[0]);
        return 2;
    }
    ImportOptions o;
    o.db_path = argv[1];
    o.overwrite = true;
    for (int i = 2; i < argc; ++i) {
        std::string a = argv[i];
        auto group = [&](size_t skip) {
            auto g = nexus::import::ParseInputGroup(a.substr(skip));
            if (!g.ok()) {
                std::fprintf(stderr, "%s\n", g.status().ToString().c_str());
                std::exit(2);
            }
            return *g;
        };
        if (a.rfind("--nodes=", 0) == 0) {
            o.nodes.push_back(group(8));
        } else if (a.rfind("--relationships=", 0) == 0) {
            o.relationships.push_back(group(16));
        } else if (a == "--importer-converts") {
            o.reader_converts = false;
        } else if (a == "--max-memory" && i + 1 < argc) {
            o.max_memory = std::strtoull(argv[++i], nullptr, 10);
        } else if (a == "--id-type" && i + 1 < argc) {
            o.id_type = std::string(argv[++i]) == "integer" ? nexus::import::IdType::kInteger
                                                            : nexus::import::IdType::kString;
        } else if (a == "--delimiter" && i + 1 < argc) {
            o.dialect.delimiter = argv[++i][0];
        } else {
            std::fprintf(stderr, "unknown argument %s\n", a.c_str());
            return 2;
        }
    }
    auto s = nexus::import::RunImport(o);
    if (!s.ok()) {
        std::fprintf(stderr, "%s\n", s.status().ToString().c_str());
        return 1;
    }
    std::printf(
        "%.2f s wall, importer thread %.2f s cpu, reader threads %.2f s cpu, adjacency "
        "encoder %.2f s cpu, importer waited %.2f s for rows, id maps %s (%llu runs)\n",
        s->seconds, s->main_cpu_seconds, s->reader_cpu_seconds, s->adjacency_cpu_seconds,
        s->wait_seconds, s->external_ids ? "external" : "in memory",
        static_cast<unsigned long long>(s->id_spill_runs));
    return 0;
}
