// Micro-benchmarks of the hot paths the executor calls per row: function lookup, comparison
// and hashing of values, arithmetic, and temporal parse / print / zone resolution.
#include <benchmark/benchmark.h>

#include "cypher/functions/functions.h"
#include "cypher/functions/value_ops.h"

namespace nexus::cypher {
namespace {

const FunctionContext kCtx{1435150235556000000, ""};

Value CallOrDie(std::string_view name, List args) {
    auto r = FindFunction(name)->fn(args, kCtx);
    if (!r.ok()) std::abort();
    return *r;
}

void BM_FindFunction(benchmark::State& state) {
    for (auto _ : state) benchmark::DoNotOptimize(FindFunction("datetime.truncate"));
}
BENCHMARK(BM_FindFunction);

void BM_OrderCompareMixedNumbers(benchmark::State& state) {
    const Value a(int64_t{123456}), b(123456.5);
    for (auto _ : state) benchmark::DoNotOptimize(OrderCompare(a, b));
}
BENCHMARK(BM_OrderCompareMixedNumbers);

void BM_EqualsStrings(benchmark::State& state) {
    const Value a("a moderately long property value"), b("a moderately long property valuf");
    for (auto _ : state) benchmark::DoNotOptimize(Equals(a, b));
}
BENCHMARK(BM_EqualsStrings);

void BM_HashList(benchmark::State& state) {
    const Value v(List{1, 2.5, "three", List{4, 5}});
    for (auto _ : state) benchmark::DoNotOptimize(Hash(v));
}
BENCHMARK(BM_HashList);

void BM_AddIntegers(benchmark::State& state) {
    const Value a(int64_t{40}), b(int64_t{2});
    for (auto _ : state) benchmark::DoNotOptimize(Add(a, b));
}
BENCHMARK(BM_AddIntegers);

void BM_ParseDateTimeOffset(benchmark::State& state) {
    const List args{Value("2015-07-21T21:40:32.142+01:00")};
    const FunctionInfo* f = FindFunction("datetime");
    for (auto _ : state) benchmark::DoNotOptimize(f->fn(args, kCtx));
}
BENCHMARK(BM_ParseDateTimeOffset);

void BM_ParseDateTimeNamedZone(benchmark::State& state) {
    const List args{Value("2015-07-21T21:40:32.142[Europe/London]")};
    const FunctionInfo* f = FindFunction("datetime");
    for (auto _ : state) benchmark::DoNotOptimize(f->fn(args, kCtx));
}
BENCHMARK(BM_ParseDateTimeNamedZone);

void BM_DisplayDateTime(benchmark::State& state) {
    const Value v = CallOrDie("datetime", {Value("2015-07-21T21:40:32.142[Europe/London]")});
    for (auto _ : state) benchmark::DoNotOptimize(ToDisplayString(v));
}
BENCHMARK(BM_DisplayDateTime);

void BM_DatePlusDuration(benchmark::State& state) {
    const Value d = CallOrDie("date", {Value("2015-01-31")});
    const Value dur = CallOrDie("duration", {Value("P1M2DT3H")});
    for (auto _ : state) benchmark::DoNotOptimize(Add(d, dur));
}
BENCHMARK(BM_DatePlusDuration);

void BM_DurationBetween(benchmark::State& state) {
    const List args{CallOrDie("datetime", {Value("2014-07-21T21:40:36.143+02:00")}),
                    CallOrDie("datetime", {Value("2015-07-21T21:40:32.142[Europe/Stockholm]")})};
    const FunctionInfo* f = FindFunction("duration.between");
    for (auto _ : state) benchmark::DoNotOptimize(f->fn(args, kCtx));
}
BENCHMARK(BM_DurationBetween);

}  // namespace
}  // namespace nexus::cypher
