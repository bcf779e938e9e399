// The embedded side of the server benchmark: the graph the runs use (people with a property
// index and random KNOWS relationships), the same three workloads through
// nexus::Database::execute on one thread per client, and an fsync probe that says what one
// durable commit costs on this disk.
#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <iostream>
#include <thread>

#include "bolt_load.h"
#include "nexus/database.h"

namespace nexus::bench {
namespace {

Status CreatePeople(Database* db, int64_t people, std::vector<int64_t>* ids) {
    constexpr int64_t kBatch = 20000;
    for (int64_t lo = 0; lo < people; lo += kBatch) {
        ASSIGN_OR_RETURN(auto tx, db->begin(AccessMode::kWrite));
        for (int64_t i = lo; i < std::min(people, lo + kBatch); ++i) {
            ASSIGN_OR_RETURN(
                int64_t id,
                tx->create_node({"Person"},
                                Map{{"id", Value(i)}, {"name", "person-" + std::to_string(i)}}));
            ids->push_back(id);
        }
        RETURN_IF_ERROR(tx->commit());
    }
    return Status::Ok();
}

Status CreateKnows(Database* db, const std::vector<int64_t>& ids, int degree) {
    constexpr int64_t kBatch = 50000;
    std::mt19937_64 rng(42);
    std::uniform_int_distribution<size_t> pick(0, ids.size() - 1);
    size_t total = ids.size() * static_cast<size_t>(degree);
    for (size_t done = 0; done < total;) {
        ASSIGN_OR_RETURN(auto tx, db->begin(AccessMode::kWrite));
        for (size_t n = 0; n < kBatch && done < total; ++n, ++done) {
            int64_t from = ids[done / static_cast<size_t>(degree)];
            ASSIGN_OR_RETURN(int64_t rel, tx->create_relationship(from, ids[pick(rng)], "KNOWS"));
            (void)rel;
        }
        RETURN_IF_ERROR(tx->commit());
    }
    return Status::Ok();
}

}  // namespace

int GenerateGraph(const std::string& db_path, int64_t people, int degree) {
    auto db = Database::open(db_path, Config::benchmark());
    if (!db.ok()) {
        std::cerr << "generate: " << db.status().ToString() << "\n";
        return 1;
    }
    auto t0 = Clock::now();
    Status s = (*db)->execute("CREATE INDEX person_id FOR (p:Person) ON (p.id)").status();
    std::vector<int64_t> ids;
    ids.reserve(static_cast<size_t>(people));
    if (s.ok()) s = CreatePeople(db->get(), people, &ids);
    if (s.ok()) s = CreateKnows(db->get(), ids, degree);
    if (s.ok()) s = (*db)->checkpoint();
    if (!s.ok()) {
        std::cerr << "generate: " << s.ToString() << "\n";
        return 1;
    }
    double secs = std::chrono::duration<double>(Clock::now() - t0).count();
    std::printf("{\"generated\":\"%s\",\"people\":%lld,\"knows\":%lld,\"seconds\":%.1f}\n",
                db_path.c_str(), static_cast<long long>(people),
                static_cast<long long>(people * degree), secs);
    return 0;
}

int RunEmbeddedLoad(const std::string& db_path, const BoltLoadOptions& o) {
    auto db = Database::open(db_path, Config());  // FULL sync, as `nexus serve` opens it
    if (!db.ok()) {
        std::cerr << "embedded: " << db.status().ToString() << "\n";
        return 1;
    }
    {
        // Warm the plan cache first: threads preparing the same text at once have crashed
        // (a dangling label name in NodeScanCursor::Begin; see docs/server.md).
        ParamSource warm(o.workload, o.clients, o.people, o.stream_rows);
        auto r = (*db)->execute(QueryText(o.workload), ParamMap{{"id", Value(warm.NextId())}});
        if (r.ok()) {
            while (r->next()) {
            }
        }
    }
    std::vector<ClientStats> all(static_cast<size_t>(o.clients));
    std::vector<std::thread> threads;
    std::atomic<bool> go{false};
    auto deadline = Clock::now();
    for (int c = 0; c < o.clients; ++c) {
        threads.emplace_back([&, c] {
            ParamSource params(o.workload, c, o.people, o.stream_rows);
            ClientStats& st = all[static_cast<size_t>(c)];
            while (!go.load()) std::this_thread::yield();
            while (Clock::now() < deadline && st.errors == 0) {
                ParamMap p{{"id", Value(params.NextId())}};
                auto start = Clock::now();
                auto result = (*db)->execute(QueryText(o.workload), p);
                uint64_t rows = 0;
                Status status = result.status();
                if (result.ok()) {
                    while (result->next()) ++rows;
                    status = result->status();
                }
                if (!status.ok()) {
                    ++st.errors;
                    st.first_error = status.ToString();
                    break;
                }
                st.Record(start, Clock::now(), rows);
            }
        });
    }
    double cpu0 = ProcessCpuSeconds();
    auto start = Clock::now();
    deadline = start + std::chrono::milliseconds(static_cast<int64_t>(o.seconds * 1000));
    go = true;
    for (auto& t : threads) t.join();
    double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    // The process's CPU here is the database's own work (there is no separate load thread).
    PrintSummary("embedded", o.workload_name, o.clients, seconds, ProcessCpuSeconds() - cpu0, all);
    for (auto& c : all) {
        if (c.errors > 0) return 1;
    }
    return 0;
}

int ProbeFsync(const std::string& dir, int count) {
    std::string path = dir + "/fsync-probe.tmp";
    int fd = ::open(path.c_str(), O_CREAT | O_TRUNC | O_WRONLY, 0644);
    if (fd < 0) {
        std::cerr << "fsync: cannot create " << path << ": " << std::strerror(errno) << "\n";
        return 1;
    }
    std::string page(4096, 'x');
    std::vector<uint32_t> us;
    for (int i = 0; i < count; ++i) {
        auto t0 = Clock::now();
        if (::write(fd, page.data(), page.size()) != static_cast<ssize_t>(page.size()) ||
            ::fdatasync(fd) != 0) {
            std::cerr << "fsync: " << std::strerror(errno) << "\n";
            ::close(fd);
            return 1;
        }
        us.push_back(static_cast<uint32_t>(
            std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - t0).count()));
    }
    ::close(fd);
    ::unlink(path.c_str());
    std::sort(us.begin(), us.end());
    std::printf("{\"fsync_count\":%d,\"fsync_p50_us\":%.0f,\"fsync_p99_us\":%.0f}\n", count,
                Percentile(us, 0.5), Percentile(us, 0.99));
    return 0;
}

}  // namespace nexus::bench
