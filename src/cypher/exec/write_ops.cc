// CREATE, SET/REMOVE, DELETE and MERGE.
#include "cypher/exec/write_ops.h"

#include <algorithm>

#include "cypher/exec/entity.h"

namespace nexus::cypher::exec {
namespace {

// Evaluates a property map expression into a token-keyed, sorted property list.
Result<graph::PropertyList> EvalProps(const Expr* e, const Row& row, ExecContext& ctx,
                                      bool merge = false) {
    graph::PropertyList props;
    if (e == nullptr) return props;
    ASSIGN_OR_RETURN(Value m, e->Eval(row, ctx));
    if (m.is_null()) return props;
    if (!m.is_map()) {
        return Status(StatusCode::kTypeError, "Type mismatch: expected a map of properties");
    }
    for (const auto& [k, v] : m.as_map()) {
        if (v.is_null() && merge) {
            return Status(StatusCode::kSemanticError,
                          "MergeReadOwnWrites: Cannot merge the following node or relationship "
                          "because of null property value for '" +
                              k + "'");
        }
        if (v.is_null()) continue;
        ASSIGN_OR_RETURN(graph::TokenId t, ctx.WriteToken(graph::TokenKind::kPropertyKey, k));
        props.emplace_back(t, v);
    }
    std::sort(props.begin(), props.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    return props;
}

// Calls step(row) for every input row, passing rows through.
template <typename Step>
class StepCursor : public Cursor {
  public:
    StepCursor(std::unique_ptr<Cursor> in, Step step) : in_(std::move(in)), step_(step) {}
    Result<bool> Next(Chunk* out) override {
        ASSIGN_OR_RETURN(bool more, in_->Next(out));
        if (!more) return false;
        for (Row& r : out->rows) RETURN_IF_ERROR(step_(r));
        return true;
    }

  private:
    std::unique_ptr<Cursor> in_;
    Step step_;
};

template <typename Step>
std::unique_ptr<Cursor> MakeStepCursor(std::unique_ptr<Cursor> in, Step step) {
    return std::make_unique<StepCursor<Step>>(std::move(in), step);
}

Status SetProperty(const Value& target, const std::string& key, const Value& v, ExecContext& ctx) {
    if (target.is_null()) return Status::Ok();
    ASSIGN_OR_RETURN(graph::GraphWriter * w, ctx.Writer());
    ASSIGN_OR_RETURN(graph::TokenId t, ctx.WriteToken(graph::TokenKind::kPropertyKey, key));
    if (target.is_node()) {
        auto id = static_cast<graph::NodeId>(target.as_node().id);
        if (ctx.deleted_nodes().count(id)) return Status::Ok();
        if (v.is_null()) {
            ASSIGN_OR_RETURN(Value old, w->NodeProperty(id, t));
            if (old.is_null()) return Status::Ok();
        }
        RETURN_IF_ERROR(w->SetNodeProperty(id, t, v));
    } else if (target.is_relationship()) {
        auto id = static_cast<graph::RelId>(target.as_relationship().id);
        if (ctx.deleted_rels().count(id)) return Status::Ok();
        if (v.is_null()) {
            ASSIGN_OR_RETURN(Value old, w->RelProperty(id, t));
            if (old.is_null()) return Status::Ok();
        }
        RETURN_IF_ERROR(w->SetRelProperty(id, t, v));
    } else {
        return Status(StatusCode::kTypeError,
                      std::string("Type mismatch: expected Node or Relationship but was ") +
                          ValueKindName(target.kind()));
    }
    ++ctx.stats().properties_set;
    return Status::Ok();
}

Status SetMap(const Value& target, const Value& map_value, bool replace, ExecContext& ctx) {
    if (target.is_null()) return Status::Ok();
    Value m = map_value;
    if (m.is_node() || m.is_relationship()) {
        ASSIGN_OR_RETURN(m, PropertiesOf(m, ctx));
    }
    if (!m.is_null() && !m.is_map()) {
        return Status(StatusCode::kTypeError, "Type mismatch: expected a map but was " +
                                                  std::string(ValueKindName(m.kind())));
    }
    if (replace) {
        ASSIGN_OR_RETURN(Value current, PropertiesOf(target, ctx));
        if (current.is_map()) {
            for (const auto& [k, v] : current.as_map()) {
                if (m.is_map() && m.as_map().count(k)) continue;
                RETURN_IF_ERROR(SetProperty(target, k, Value(), ctx));
            }
        }
    }
    if (m.is_map()) {
        for (const auto& [k, v] : m.as_map()) RETURN_IF_ERROR(SetProperty(target, k, v, ctx));
    }
    return Status::Ok();
}

Status ChangeLabels(const Value& target, const std::vector<std::string>& labels, bool add,
                    ExecContext& ctx) {
    if (target.is_null()) return Status::Ok();
    if (!target.is_node()) {
        return Status(StatusCode::kTypeError, "Type mismatch: expected Node but was " +
                                                  std::string(ValueKindName(target.kind())));
    }
    ASSIGN_OR_RETURN(graph::GraphWriter * w, ctx.Writer());
    auto id = static_cast<graph::NodeId>(target.as_node().id);
    for (const auto& l : labels) {
        if (add) {
            ASSIGN_OR_RETURN(graph::TokenId t, ctx.WriteToken(graph::TokenKind::kLabel, l));
            ASSIGN_OR_RETURN(bool changed, w->AddLabel(id, t));
            ctx.stats().labels_added += changed;
        } else {
            graph::TokenId t = ctx.Token(graph::TokenKind::kLabel, l);
            if (t == graph::kNoToken) continue;
            ASSIGN_OR_RETURN(bool changed, w->RemoveLabel(id, t));
            ctx.stats().labels_removed += changed;
        }
    }
    return Status::Ok();
}

Status DeleteRel(graph::RelId id, ExecContext& ctx) {
    if (ctx.deleted_rels().count(id)) return Status::Ok();
    ASSIGN_OR_RETURN(graph::GraphWriter * w, ctx.Writer());
    RETURN_IF_ERROR(w->DeleteRel(id));
    ctx.deleted_rels()[id] = true;
    ++ctx.stats().relationships_deleted;
    return Status::Ok();
}

Status DeleteNode(graph::NodeId id, bool detach, ExecContext& ctx) {
    if (ctx.deleted_nodes().count(id)) return Status::Ok();
    ASSIGN_OR_RETURN(graph::GraphWriter * w, ctx.Writer());
    if (detach) {
        std::vector<graph::AdjEntry> adj;
        RETURN_IF_ERROR(w->Expand(id, graph::Direction::kBoth, {}, &adj));
        for (const auto& e : adj) RETURN_IF_ERROR(DeleteRel(e.rel, ctx));
    }
    Status st = w->DeleteNode(id);
    if (st.code() == StatusCode::kDeleteConnected) {
        return Status(StatusCode::kDeleteConnected,
                      "DeleteConnectedNode: Cannot delete node<" + std::to_string(id) +
                          ">, because it still has relationships. To delete this node, you "
                          "must first delete its relationships.");
    }
    RETURN_IF_ERROR(st);
    ctx.deleted_nodes()[id] = true;
    ++ctx.stats().nodes_deleted;
    return Status::Ok();
}

Status DeleteValue(const Value& v, bool detach, bool nodes_pass, ExecContext& ctx) {
    switch (v.kind()) {
        case ValueKind::kNull:
            return Status::Ok();
        case ValueKind::kNode:
            if (!nodes_pass) return Status::Ok();
            return DeleteNode(static_cast<graph::NodeId>(v.as_node().id), detach, ctx);
        case ValueKind::kRelationship:
            if (nodes_pass) return Status::Ok();
            return DeleteRel(static_cast<graph::RelId>(v.as_relationship().id), ctx);
        case ValueKind::kPath:
            for (const auto& r : v.as_path().relationships) {
                if (!nodes_pass) RETURN_IF_ERROR(DeleteRel(static_cast<graph::RelId>(r.id), ctx));
            }
            for (const auto& n : v.as_path().nodes) {
                if (nodes_pass) {
                    RETURN_IF_ERROR(DeleteNode(static_cast<graph::NodeId>(n.id), detach, ctx));
                }
            }
            return Status::Ok();
        case ValueKind::kList:
            for (const Value& e : v.as_list()) {
                RETURN_IF_ERROR(DeleteValue(e, detach, nodes_pass, ctx));
            }
            return Status::Ok();
        default:
            return Status(StatusCode::kTypeError,
                          std::string("InvalidArgumentType: DELETE expects a node, "
                                      "relationship or path, got ") +
                              ValueKindName(v.kind()));
    }
}

}  // namespace

Status RunCreate(const CreateSpec& spec, Row& row, ExecContext& ctx) {
    ASSIGN_OR_RETURN(graph::GraphWriter * w, ctx.Writer());
    for (const auto& n : spec.nodes) {
        if (n.bound) {
            const Value& v = n.slot < static_cast<int>(row.size()) ? row[n.slot] : Value();
            if (!v.is_node()) {
                return Status(StatusCode::kSemanticError,
                              "Failed to create relationship, because a node in the pattern "
                              "is null");
            }
            continue;
        }
        std::vector<graph::TokenId> labels;
        for (const auto& l : n.labels) {
            ASSIGN_OR_RETURN(graph::TokenId t, ctx.WriteToken(graph::TokenKind::kLabel, l));
            if (std::find(labels.begin(), labels.end(), t) == labels.end()) labels.push_back(t);
        }
        std::sort(labels.begin(), labels.end());
        ASSIGN_OR_RETURN(graph::PropertyList props, EvalProps(n.props.get(), row, ctx, spec.merge));
        ASSIGN_OR_RETURN(graph::NodeId id, w->CreateNode(labels, props));
        ++ctx.stats().nodes_created;
        ctx.stats().labels_added += static_cast<int64_t>(labels.size());
        ctx.stats().properties_set += static_cast<int64_t>(props.size());
        SetSlot(row, n.slot, NodeRef(id));
    }
    for (const auto& r : spec.rels) {
        const Value& a = row[r.start];
        const Value& b = row[r.end];
        if (!a.is_node() || !b.is_node()) {
            return Status(StatusCode::kSemanticError,
                          "Failed to create relationship, because a node in the pattern is null");
        }
        ASSIGN_OR_RETURN(graph::TokenId t, ctx.WriteToken(graph::TokenKind::kRelType, r.type));
        ASSIGN_OR_RETURN(graph::PropertyList props, EvalProps(r.props.get(), row, ctx, spec.merge));
        ASSIGN_OR_RETURN(graph::RelId id,
                         w->CreateRel(static_cast<graph::NodeId>(a.as_node().id),
                                      static_cast<graph::NodeId>(b.as_node().id), t, props));
        ++ctx.stats().relationships_created;
        ctx.stats().properties_set += static_cast<int64_t>(props.size());
        ASSIGN_OR_RETURN(Value rel, RelRefById(ctx, id));
        SetSlot(row, r.slot, std::move(rel));
    }
    return Status::Ok();
}

Status RunSet(const SetSpec& spec, const Row& row, ExecContext& ctx) {
    ASSIGN_OR_RETURN(Value target, spec.target->Eval(row, ctx));
    std::string key = spec.key;
    if (spec.key_expr) {
        ASSIGN_OR_RETURN(Value k, spec.key_expr->Eval(row, ctx));
        if (!k.is_string()) {
            return Status(StatusCode::kTypeError, "Type mismatch: property key must be a string");
        }
        key = k.as_string();
    }
    switch (spec.kind) {
        case SetKind::kProperty: {
            ASSIGN_OR_RETURN(Value v, spec.value->Eval(row, ctx));
            return SetProperty(target, key, v, ctx);
        }
        case SetKind::kRemoveProperty:
            return SetProperty(target, key, Value(), ctx);
        case SetKind::kReplaceMap:
        case SetKind::kMergeMap: {
            ASSIGN_OR_RETURN(Value v, spec.value->Eval(row, ctx));
            return SetMap(target, v, spec.kind == SetKind::kReplaceMap, ctx);
        }
        case SetKind::kLabels:
            return ChangeLabels(target, spec.labels, true, ctx);
        case SetKind::kRemoveLabels:
            return ChangeLabels(target, spec.labels, false, ctx);
    }
    return Status::Ok();
}

Result<std::unique_ptr<Cursor>> CreateOp::Open(ExecContext& ctx, const Row& argument) const {
    ASSIGN_OR_RETURN(auto in, OpenChild(*input_, ctx, argument));
    return MakeStepCursor(std::move(in), [this, &ctx](Row& r) { return RunCreate(spec_, r, ctx); });
}

Result<std::unique_ptr<Cursor>> SetOp::Open(ExecContext& ctx, const Row& argument) const {
    ASSIGN_OR_RETURN(auto in, OpenChild(*input_, ctx, argument));
    return MakeStepCursor(std::move(in), [this, &ctx](Row& r) {
        for (const auto& item : items_) RETURN_IF_ERROR(RunSet(item, r, ctx));
        return Status::Ok();
    });
}

Result<std::unique_ptr<Cursor>> DeleteOp::Open(ExecContext& ctx, const Row& argument) const {
    ASSIGN_OR_RETURN(auto in, OpenChild(*input_, ctx, argument));
    return MakeStepCursor(std::move(in), [this, &ctx](Row& r) {
        std::vector<Value> values;
        for (const auto& t : targets_) {
            ASSIGN_OR_RETURN(Value v, t->Eval(r, ctx));
            values.push_back(std::move(v));
        }
        // Relationships go first, so deleting a node and its relationships together works.
        for (const Value& v : values) RETURN_IF_ERROR(DeleteValue(v, detach_, false, ctx));
        for (const Value& v : values) RETURN_IF_ERROR(DeleteValue(v, detach_, true, ctx));
        return Status::Ok();
    });
}

class MergeCursor : public PerRowCursor {
  public:
    MergeCursor(std::unique_ptr<Cursor> in, const MergeOp& op, ExecContext& ctx)
        : PerRowCursor(std::move(in)), op_(op), ctx_(ctx) {}

  protected:
    Status Begin(Row& row) override {
        results_.clear();
        pos_ = 0;
        ASSIGN_OR_RETURN(results_, Drain(*op_.match_, ctx_, row));
        if (results_.empty()) {
            Row created = row;
            RETURN_IF_ERROR(RunCreate(op_.create_, created, ctx_));
            for (const auto& s : op_.on_create_) RETURN_IF_ERROR(RunSet(s, created, ctx_));
            results_.push_back(std::move(created));
        } else {
            for (Row& r : results_) {
                for (const auto& s : op_.on_match_) RETURN_IF_ERROR(RunSet(s, r, ctx_));
            }
        }
        return Status::Ok();
    }
    Result<bool> Produce(Chunk* out) override {
        while (pos_ < results_.size()) out->rows.push_back(std::move(results_[pos_++]));
        return false;
    }

  private:
    const MergeOp& op_;
    ExecContext& ctx_;
    std::vector<Row> results_;
    size_t pos_ = 0;
};

Result<std::unique_ptr<Cursor>> MergeOp::Open(ExecContext& ctx, const Row& argument) const {
    ASSIGN_OR_RETURN(auto in, OpenChild(*input_, ctx, argument));
    return std::unique_ptr<Cursor>(std::make_unique<MergeCursor>(std::move(in), *this, ctx));
}

}  // namespace nexus::cypher::exec
