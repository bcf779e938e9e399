// Deep copies of the AST (see ast_clone.h): one function per node family; plain fields are
// copied member by member, children through Clone.
#include "cypher/parser/ast_clone.h"

namespace nexus::cypher::ast {
namespace {

template <typename T>
std::unique_ptr<T> Make(const T& from) {
    return std::make_unique<T>(from.pos);
}

std::vector<ExprPtr> CloneAll(const std::vector<ExprPtr>& list) {
    std::vector<ExprPtr> out;
    out.reserve(list.size());
    for (const auto& e : list) out.push_back(Clone(*e));
    return out;
}

NodePattern CloneNode(const NodePattern& n) {
    NodePattern out;
    out.pos = n.pos;
    out.variable = n.variable;
    out.labels = n.labels;
    out.properties = CloneOrNull(n.properties);
    out.where = CloneOrNull(n.where);
    out.variable_pos = n.variable_pos;
    return out;
}

RelationshipPattern CloneRel(const RelationshipPattern& r) {
    RelationshipPattern out;
    out.pos = r.pos;
    out.variable = r.variable;
    out.types = r.types;
    out.direction = r.direction;
    out.variable_length = r.variable_length;
    out.min_hops = r.min_hops;
    out.max_hops = r.max_hops;
    out.properties = CloneOrNull(r.properties);
    out.where = CloneOrNull(r.where);
    out.variable_pos = r.variable_pos;
    return out;
}

ExprPtr CloneOperator(const Expression& e) {
    switch (e.kind) {
        case ExprKind::kUnary: {
            const auto& u = e.As<Unary>();
            return std::make_unique<Unary>(u.op, Clone(*u.operand), u.pos);
        }
        case ExprKind::kBinary: {
            const auto& b = e.As<Binary>();
            return std::make_unique<Binary>(b.op, Clone(*b.left), Clone(*b.right), b.pos);
        }
        case ExprKind::kIsNull: {
            const auto& n = e.As<IsNull>();
            return std::make_unique<IsNull>(Clone(*n.operand), n.negated, n.pos);
        }
        case ExprKind::kLabelCheck: {
            const auto& l = e.As<LabelCheck>();
            auto out = Make(l);
            out->operand = Clone(*l.operand);
            out->labels = l.labels;
            out->any = l.any;
            return out;
        }
        case ExprKind::kProperty: {
            const auto& p = e.As<PropertyAccess>();
            return std::make_unique<PropertyAccess>(Clone(*p.object), p.key, p.pos);
        }
        case ExprKind::kSubscript: {
            const auto& s = e.As<Subscript>();
            return std::make_unique<Subscript>(Clone(*s.object), Clone(*s.index), s.pos);
        }
        default: {
            const auto& s = e.As<Slice>();
            auto out = Make(s);
            out->object = Clone(*s.object);
            out->from = CloneOrNull(s.from);
            out->to = CloneOrNull(s.to);
            return out;
        }
    }
}

ExprPtr CloneCollection(const Expression& e) {
    switch (e.kind) {
        case ExprKind::kList: {
            auto out = Make(e.As<ListLiteral>());
            out->elements = CloneAll(e.As<ListLiteral>().elements);
            return out;
        }
        case ExprKind::kMap: {
            auto out = Make(e.As<MapLiteral>());
            for (const auto& entry : e.As<MapLiteral>().entries) {
                out->entries.push_back(MapEntry{entry.key, Clone(*entry.value), entry.pos});
            }
            return out;
        }
        case ExprKind::kMapProjection: {
            const auto& m = e.As<MapProjection>();
            auto out = Make(m);
            out->variable = m.variable;
            for (const auto& item : m.items) {
                out->items.push_back(
                    MapProjectionItem{item.kind, item.key, CloneOrNull(item.value), item.pos});
            }
            return out;
        }
        case ExprKind::kListComprehension: {
            const auto& c = e.As<ListComprehension>();
            auto out = Make(c);
            out->variable = c.variable;
            out->list = Clone(*c.list);
            out->where = CloneOrNull(c.where);
            out->projection = CloneOrNull(c.projection);
            out->variable_pos = c.variable_pos;
            return out;
        }
        case ExprKind::kPatternComprehension: {
            const auto& c = e.As<PatternComprehension>();
            auto out = Make(c);
            out->pattern = Clone(c.pattern);
            out->where = CloneOrNull(c.where);
            out->projection = CloneOrNull(c.projection);
            return out;
        }
        case ExprKind::kQuantifier: {
            const auto& q = e.As<Quantifier>();
            auto out = Make(q);
            out->quantifier = q.quantifier;
            out->variable = q.variable;
            out->list = Clone(*q.list);
            out->where = CloneOrNull(q.where);
            out->variable_pos = q.variable_pos;
            return out;
        }
        default: {
            const auto& r = e.As<Reduce>();
            auto out = Make(r);
            out->accumulator = r.accumulator;
            out->init = Clone(*r.init);
            out->variable = r.variable;
            out->list = Clone(*r.list);
            out->expression = Clone(*r.expression);
            out->accumulator_pos = r.accumulator_pos;
            out->variable_pos = r.variable_pos;
            return out;
        }
    }
}

std::vector<SetItem> CloneSetItems(const std::vector<SetItem>& items) {
    std::vector<SetItem> out;
    for (const auto& item : items) {
        SetItem copy;
        copy.kind = item.kind;
        copy.pos = item.pos;
        copy.target = CloneOrNull(item.target);
        copy.value = CloneOrNull(item.value);
        copy.labels = item.labels;
        out.push_back(std::move(copy));
    }
    return out;
}

void CloneBody(const ProjectionBody& from, ProjectionBody* to) {
    to->distinct = from.distinct;
    to->star = from.star;
    for (const auto& item : from.items) {
        ProjectionItem copy;
        copy.expression = Clone(*item.expression);
        copy.alias = item.alias;
        copy.text = item.text;
        copy.pos = item.pos;
        copy.alias_pos = item.alias_pos;
        to->items.push_back(std::move(copy));
    }
    for (const auto& sort : from.order_by) {
        to->order_by.push_back(SortItem{Clone(*sort.expression), sort.descending, sort.pos});
    }
    to->skip = CloneOrNull(from.skip);
    to->limit = CloneOrNull(from.limit);
}

ClausePtr CloneUpdating(const Clause& c) {
    switch (c.kind) {
        case ClauseKind::kCreate: {
            auto out = Make(c.As<Create>());
            out->pattern = Clone(c.As<Create>().pattern);
            return out;
        }
        case ClauseKind::kMerge: {
            const auto& m = c.As<Merge>();
            auto out = Make(m);
            out->pattern = Clone(m.pattern);
            out->on_create = CloneSetItems(m.on_create);
            out->on_match = CloneSetItems(m.on_match);
            return out;
        }
        case ClauseKind::kSet: {
            auto out = Make(c.As<Set>());
            out->items = CloneSetItems(c.As<Set>().items);
            return out;
        }
        case ClauseKind::kRemove: {
            auto out = Make(c.As<Remove>());
            for (const auto& item : c.As<Remove>().items) {
                out->items.push_back(
                    RemoveItem{item.kind, item.pos, CloneOrNull(item.target), item.labels});
            }
            return out;
        }
        case ClauseKind::kDelete: {
            auto out = Make(c.As<Delete>());
            out->detach = c.As<Delete>().detach;
            out->targets = CloneAll(c.As<Delete>().targets);
            return out;
        }
        default: {
            const auto& f = c.As<Foreach>();
            auto out = Make(f);
            out->variable = f.variable;
            out->list = Clone(*f.list);
            for (const auto& inner : f.clauses) out->clauses.push_back(Clone(*inner));
            out->variable_pos = f.variable_pos;
            return out;
        }
    }
}

ClausePtr CloneCall(const Clause& c) {
    if (c.Is<CallSubquery>()) {
        const auto& s = c.As<CallSubquery>();
        auto out = Make(s);
        out->query = std::make_unique<Query>(Clone(*s.query));
        out->import_variables = s.import_variables;
        out->import_all = s.import_all;
        out->in_transactions = s.in_transactions;
        out->rows_per_transaction = CloneOrNull(s.rows_per_transaction);
        return out;
    }
    const auto& p = c.As<CallProcedure>();
    auto out = Make(p);
    out->name = p.name;
    out->explicit_args = p.explicit_args;
    out->args = CloneAll(p.args);
    out->has_yield = p.has_yield;
    out->yield_star = p.yield_star;
    out->yields = p.yields;
    out->where = CloneOrNull(p.where);
    return out;
}

}  // namespace

ExprPtr CloneOrNull(const ExprPtr& expr) {
    return expr ? Clone(*expr) : nullptr;
}

ExprPtr Clone(const Expression& e) {
    switch (e.kind) {
        case ExprKind::kLiteral:
            return std::make_unique<Literal>(e.As<Literal>().value, e.pos);
        case ExprKind::kParameter:
            return std::make_unique<Parameter>(e.As<Parameter>().name, e.pos);
        case ExprKind::kVariable:
            return std::make_unique<Variable>(e.As<Variable>().name, e.pos);
        case ExprKind::kProperty:
        case ExprKind::kSubscript:
        case ExprKind::kSlice:
        case ExprKind::kUnary:
        case ExprKind::kBinary:
        case ExprKind::kIsNull:
        case ExprKind::kLabelCheck:
            return CloneOperator(e);
        case ExprKind::kFunctionCall: {
            const auto& f = e.As<FunctionCall>();
            auto out = Make(f);
            out->name = f.name;
            out->distinct = f.distinct;
            out->star = f.star;
            out->args = CloneAll(f.args);
            return out;
        }
        case ExprKind::kCase: {
            const auto& c = e.As<Case>();
            auto out = Make(c);
            out->test = CloneOrNull(c.test);
            for (const auto& alt : c.alternatives) {
                out->alternatives.push_back(CaseAlternative{Clone(*alt.when), Clone(*alt.then)});
            }
            out->otherwise = CloneOrNull(c.otherwise);
            return out;
        }
        case ExprKind::kList:
        case ExprKind::kMap:
        case ExprKind::kMapProjection:
        case ExprKind::kListComprehension:
        case ExprKind::kPatternComprehension:
        case ExprKind::kQuantifier:
        case ExprKind::kReduce:
            return CloneCollection(e);
        case ExprKind::kSubquery: {
            const auto& s = e.As<SubqueryExpr>();
            auto out = Make(s);
            out->subquery = s.subquery;
            if (s.pattern) out->pattern = Clone(*s.pattern);
            out->where = CloneOrNull(s.where);
            if (s.query) out->query = std::make_unique<Query>(Clone(*s.query));
            return out;
        }
        case ExprKind::kPatternPredicate: {
            auto out = Make(e.As<PatternPredicate>());
            out->pattern = Clone(e.As<PatternPredicate>().pattern);
            return out;
        }
    }
    return nullptr;
}

PatternPart Clone(const PatternPart& part) {
    PatternPart out;
    out.pos = part.pos;
    out.path_variable = part.path_variable;
    out.function = part.function;
    for (const auto& n : part.nodes) out.nodes.push_back(CloneNode(n));
    for (const auto& r : part.relationships) out.relationships.push_back(CloneRel(r));
    out.path_variable_pos = part.path_variable_pos;
    return out;
}

Pattern Clone(const Pattern& pattern) {
    Pattern out;
    out.pos = pattern.pos;
    for (const auto& part : pattern.parts) out.parts.push_back(Clone(part));
    return out;
}

ClausePtr Clone(const Clause& c) {
    switch (c.kind) {
        case ClauseKind::kMatch: {
            const auto& m = c.As<Match>();
            auto out = Make(m);
            out->optional = m.optional;
            out->pattern = Clone(m.pattern);
            out->where = CloneOrNull(m.where);
            out->hints = m.hints;
            return out;
        }
        case ClauseKind::kUnwind: {
            const auto& u = c.As<Unwind>();
            auto out = Make(u);
            out->list = Clone(*u.list);
            out->variable = u.variable;
            out->variable_pos = u.variable_pos;
            return out;
        }
        case ClauseKind::kWith: {
            auto out = Make(c.As<With>());
            CloneBody(c.As<With>().body, &out->body);
            out->where = CloneOrNull(c.As<With>().where);
            return out;
        }
        case ClauseKind::kReturn: {
            auto out = Make(c.As<Return>());
            CloneBody(c.As<Return>().body, &out->body);
            return out;
        }
        case ClauseKind::kCallSubquery:
        case ClauseKind::kCallProcedure:
            return CloneCall(c);
        default:
            return CloneUpdating(c);
    }
}

Query Clone(const Query& query) {
    Query out;
    out.pos = query.pos;
    out.union_all = query.union_all;
    for (const auto& part : query.parts) {
        SingleQuery copy;
        copy.pos = part.pos;
        for (const auto& clause : part.clauses) copy.clauses.push_back(Clone(*clause));
        out.parts.push_back(std::move(copy));
    }
    return out;
}

}  // namespace nexus::cypher::ast
