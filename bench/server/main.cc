// nexus_server_load: the load generator behind bench/server/run.py.
//   nexus_server_load generate DB [--people N] [--degree D]
//   nexus_server_load bolt HOST:PORT --workload point|hop|write|stream [--clients C] ...
//   nexus_server_load embedded DB --workload ... [--clients C] [--seconds S]
//   nexus_server_load fsync DIR [--count N]
// Each run prints one JSON line (see load_common.h).
#include <CLI/CLI.hpp>

#include <iostream>

#include "bolt_load.h"

namespace {

void AddLoadOptions(CLI::App* sub, nexus::bench::BoltLoadOptions* o) {
    sub->add_option("--workload", o->workload_name, "point, hop, write or stream")->required();
    sub->add_option("--clients", o->clients, "Concurrent clients")->capture_default_str();
    sub->add_option("--seconds", o->seconds, "Run length")->capture_default_str();
    sub->add_option("--people", o->people, "Ids to draw from")->capture_default_str();
    sub->add_option("--stream-rows", o->stream_rows, "Rows of the stream workload")
        ->capture_default_str();
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app("Nexus server load generator");
    app.require_subcommand(1);
    int exit_code = 0;
    nexus::bench::BoltLoadOptions o;
    std::string target;
    int64_t people = 100000;
    int degree = 10;
    int count = 200;

    CLI::App* gen = app.add_subcommand("generate", "Create the benchmark graph");
    gen->add_option("DB", target)->required();
    gen->add_option("--people", people)->capture_default_str();
    gen->add_option("--degree", degree)->capture_default_str();
    gen->callback([&] { exit_code = nexus::bench::GenerateGraph(target, people, degree); });

    CLI::App* bolt = app.add_subcommand("bolt", "Load a running server over Bolt");
    bolt->add_option("ADDRESS", o.address)->required();
    bolt->add_option("--password", o.password, "Password of user neo4j (empty: no auth)");
    bolt->add_option("--fetch-size", o.fetch_size)->capture_default_str();
    bolt->add_option("--server-pid", o.server_pid, "Sample this process's RSS during the run");
    AddLoadOptions(bolt, &o);

    CLI::App* emb = app.add_subcommand("embedded", "The same workload through Database::execute");
    emb->add_option("DB", target)->required();
    AddLoadOptions(emb, &o);

    CLI::App* fs = app.add_subcommand("fsync", "Measure append + fdatasync latency");
    fs->add_option("DIR", target)->required();
    fs->add_option("--count", count)->capture_default_str();
    fs->callback([&] { exit_code = nexus::bench::ProbeFsync(target, count); });

    auto check_workload = [&] {
        if (!nexus::bench::ParseWorkload(o.workload_name, &o.workload)) {
            std::cerr << "unknown workload " << o.workload_name << "\n";
            exit_code = 2;
            return false;
        }
        return true;
    };
    bolt->callback([&] {
        if (check_workload()) exit_code = nexus::bench::RunBoltLoad(o);
    });
    emb->callback([&] {
        if (check_workload()) exit_code = nexus::bench::RunEmbeddedLoad(target, o);
    });
    CLI11_PARSE(app, argc, argv);
    return exit_code;
}
