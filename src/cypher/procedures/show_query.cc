// The SHOW-to-query rewrite and the prepared query that runs it (a read: rows are few, so
// they are collected before the result is handed out).
#include "cypher/procedures/show_query.h"

#include "common/rows_source.h"
#include "cypher/exec/operator.h"
#include "cypher/parser/ast_clone.h"
#include "cypher/planner/planner.h"
#include "cypher/procedures/schema_commands.h"

namespace nexus::cypher {
namespace {

class ShowQuery : public PreparedQuery {
  public:
    explicit ShowQuery(planner::PlannedQuery plan) : plan_(std::move(plan)) {}

    bool read_only() const override { return true; }
    bool is_schema_command() const override { return false; }
    const std::vector<std::string>& columns() const override { return plan_.columns; }
    std::string Explain() const override { return exec::PlanText(*plan_.root, nullptr); }

    Result<QueryResult> Execute(graph::GraphReader* reader, graph::GraphWriter* writer,
                                const ParamMap& params, const ExecOptions& options) const override {
        exec::ExecContext ctx(reader, writer, &params, options.memory_limit_bytes);
        ASSIGN_OR_RETURN(auto cursor, exec::OpenChild(*plan_.root, ctx, exec::Row()));
        exec::RowReader rows_in(std::move(cursor));
        std::vector<std::vector<Value>> rows;
        while (true) {
            exec::Row* r = nullptr;
            ASSIGN_OR_RETURN(bool more, rows_in.Next(&r));
            if (!more) break;
            std::vector<Value> row;
            for (int s : plan_.column_slots) {
                row.push_back(static_cast<size_t>(s) < r->size() ? (*r)[s] : Value());
            }
            rows.push_back(std::move(row));
        }
        return QueryResult(plan_.columns,
                           std::make_unique<RowsSource>(std::move(rows), QueryStats{}));
    }

  private:
    planner::PlannedQuery plan_;
};

std::unique_ptr<ast::Variable> Var(const std::string& name, SourcePosition pos) {
    return std::make_unique<ast::Variable>(name, pos);
}

}  // namespace

bool ShowNeedsQuery(const ast::ShowSchema& show) {
    if (show.where || !show.order_by.empty() || show.skip || show.limit) return true;
    if (!show.ret) return false;
    const ast::ProjectionBody& body = show.ret->body;
    if (body.star || body.distinct || !body.order_by.empty() || body.skip || body.limit) {
        return true;
    }
    for (const auto& item : body.items) {
        if (item.expression->kind != ast::ExprKind::kVariable) return true;
    }
    return false;
}

Result<std::shared_ptr<const PreparedQuery>> PrepareShowQuery(const ast::ShowSchema& show) {
    bool constraints = show.kind == ast::StatementKind::kShowConstraints;
    auto call = std::make_unique<ast::CallProcedure>(show.pos);
    call->name = constraints ? "nexus.schema.constraints" : "nexus.schema.indexes";
    call->explicit_args = true;
    call->has_yield = true;
    if (show.has_yield && !show.yield_star) {
        call->yields = show.yields;
    } else {
        for (const auto& column : SchemaColumns(constraints)) {
            call->yields.push_back({column, "", show.pos});
        }
    }
    ast::SingleQuery part;
    part.pos = show.pos;
    std::vector<std::string> names;
    for (const auto& y : call->yields) names.push_back(y.VariableName());
    part.clauses.push_back(std::move(call));
    // YIELD's ORDER BY / SKIP / LIMIT / WHERE behave as they do after WITH.
    auto with = std::make_unique<ast::With>(show.pos);
    with->body.star = true;
    for (const auto& s : show.order_by) {
        with->body.order_by.push_back({ast::Clone(*s.expression), s.descending, s.pos});
    }
    with->body.skip = ast::CloneOrNull(show.skip);
    with->body.limit = ast::CloneOrNull(show.limit);
    with->where = ast::CloneOrNull(show.where);
    part.clauses.push_back(std::move(with));
    if (show.ret) {
        part.clauses.push_back(ast::Clone(*show.ret));
    } else {
        auto ret = std::make_unique<ast::Return>(show.pos);
        for (const auto& name : names) {
            ast::ProjectionItem item;
            item.expression = Var(name, show.pos);
            item.text = name;
            item.pos = show.pos;
            ret->body.items.push_back(std::move(item));
        }
        part.clauses.push_back(std::move(ret));
    }
    ast::Query query;
    query.pos = show.pos;
    query.parts.push_back(std::move(part));
    ASSIGN_OR_RETURN(planner::PlannedQuery plan, planner::PlanQuery(query));
    return std::shared_ptr<const PreparedQuery>(std::make_shared<ShowQuery>(std::move(plan)));
}

}  // namespace nexus::cypher
