// Queries and clauses: UNION, MATCH, UNWIND, WITH, RETURN, CREATE, MERGE, SET, REMOVE,
// DELETE, FOREACH, CALL { } subqueries and CALL procedure(...) YIELD ...
#include "cypher/parser/parser_impl.h"

namespace nexus::cypher {

using ast::ClausePtr;
using ast::ExprPtr;

namespace {
constexpr const char* kClauseKeywords =
    "'CALL', 'CREATE', 'DELETE', 'DETACH', 'FOREACH', 'MATCH', 'MERGE', 'OPTIONAL', "
    "'REMOVE', 'RETURN', 'SET', 'UNWIND' or 'WITH'";
}  // namespace

Status Parser::ParseQuery(ast::Query* query) {
    query->pos = Cur().pos();
    while (true) {
        ast::SingleQuery part;
        RETURN_IF_ERROR(ParseSingleQuery(&part));
        query->parts.push_back(std::move(part));
        if (!AcceptKeyword("UNION")) return Status::Ok();
        query->union_all.push_back(AcceptKeyword("ALL"));
    }
}

bool Parser::AtClauseStart() const {
    static constexpr std::string_view kStarts[] = {
        "MATCH", "OPTIONAL", "UNWIND", "WITH",   "RETURN",  "CREATE", "MERGE",
        "SET",   "REMOVE",   "DELETE", "DETACH", "FOREACH", "CALL"};
    for (std::string_view keyword : kStarts) {
        if (AtKeyword(keyword)) return true;
    }
    return false;
}

Status Parser::ParseSingleQuery(ast::SingleQuery* query) {
    query->pos = Cur().pos();
    if (!AtClauseStart()) return ErrorHere(kClauseKeywords);
    while (AtClauseStart()) {
        ASSIGN_OR_RETURN(ClausePtr clause, ParseClause());
        query->clauses.push_back(std::move(clause));
    }
    if (!At(TokenKind::kEnd) && !At(TokenKind::kSemicolon) && !At(TokenKind::kRBrace) &&
        !AtKeyword("UNION")) {
        return ErrorHere(kClauseKeywords);
    }
    return Status::Ok();
}

Result<ClausePtr> Parser::ParseClause() {
    DepthGuard guard(this);
    if (guard.exceeded()) return TooDeep();
    if (AtKeyword("MATCH") || AtKeyword("OPTIONAL")) return ParseMatch();
    if (AtKeyword("UNWIND")) return ParseUnwind();
    if (AtKeyword("WITH")) return ParseWith();
    if (AtKeyword("RETURN")) return ParseReturn();
    if (AtKeyword("CREATE")) return ParseCreate();
    if (AtKeyword("MERGE")) return ParseMerge();
    if (AtKeyword("SET")) return ParseSet();
    if (AtKeyword("REMOVE")) return ParseRemove();
    if (AtKeyword("DELETE") || AtKeyword("DETACH")) return ParseDelete();
    if (AtKeyword("FOREACH")) return ParseForeach();
    if (AtKeyword("CALL")) return ParseCall();
    return ErrorHere(kClauseKeywords);
}

Result<ClausePtr> Parser::ParseMatch() {
    auto match = std::make_unique<ast::Match>(Cur().pos());
    if (AcceptKeyword("OPTIONAL")) match->optional = true;
    RETURN_IF_ERROR(ExpectKeyword("MATCH"));
    RETURN_IF_ERROR(ParsePattern(&match->pattern));
    while (AtKeyword("USING")) {
        ast::Hint hint;
        RETURN_IF_ERROR(ParseHint(&hint));
        match->hints.push_back(std::move(hint));
    }
    if (AcceptKeyword("WHERE")) {
        ASSIGN_OR_RETURN(match->where, ParseExpression());
    }
    return ClausePtr(std::move(match));
}

Status Parser::ParseHint(ast::Hint* hint) {
    hint->pos = Cur().pos();
    ++pos_;  // USING
    if (AcceptKeyword("JOIN")) {
        hint->kind = ast::HintKind::kJoin;
        RETURN_IF_ERROR(ExpectKeyword("ON"));
        do {
            std::string name;
            RETURN_IF_ERROR(ParseName(&name, "a variable"));
            hint->join_variables.push_back(std::move(name));
        } while (Accept(TokenKind::kComma));
        return Status::Ok();
    }
    if (AcceptKeyword("SCAN")) {
        hint->kind = ast::HintKind::kScan;
    } else {
        if (!AcceptKeyword("RANGE") && !AcceptKeyword("TEXT")) AcceptKeyword("POINT");
        if (!AcceptKeyword("INDEX")) return ErrorHere("'INDEX', 'SCAN' or 'JOIN'");
        hint->kind = AcceptKeyword("SEEK") ? ast::HintKind::kIndexSeek : ast::HintKind::kIndex;
    }
    RETURN_IF_ERROR(ParseName(&hint->variable, "a variable"));
    RETURN_IF_ERROR(Expect(TokenKind::kColon, "':'"));
    RETURN_IF_ERROR(ParseName(&hint->label, "a label or relationship type"));
    if (hint->kind == ast::HintKind::kScan) return Status::Ok();
    RETURN_IF_ERROR(Expect(TokenKind::kLParen, "'('"));
    do {
        std::string key;
        RETURN_IF_ERROR(ParseName(&key, "a property key name"));
        hint->properties.push_back(std::move(key));
    } while (Accept(TokenKind::kComma));
    return Expect(TokenKind::kRParen, "',' or ')'");
}

Result<ClausePtr> Parser::ParseUnwind() {
    auto unwind = std::make_unique<ast::Unwind>(Cur().pos());
    ++pos_;
    ASSIGN_OR_RETURN(unwind->list, ParseExpression());
    RETURN_IF_ERROR(ExpectKeyword("AS"));
    unwind->variable_pos = Cur().pos();
    RETURN_IF_ERROR(ParseName(&unwind->variable, "a variable name"));
    return ClausePtr(std::move(unwind));
}

Result<ClausePtr> Parser::ParseWith() {
    auto with = std::make_unique<ast::With>(Cur().pos());
    ++pos_;
    RETURN_IF_ERROR(ParseProjectionBody(&with->body));
    if (AcceptKeyword("WHERE")) {
        ASSIGN_OR_RETURN(with->where, ParseExpression());
    }
    return ClausePtr(std::move(with));
}

Result<ClausePtr> Parser::ParseReturn() {
    auto ret = std::make_unique<ast::Return>(Cur().pos());
    ++pos_;
    RETURN_IF_ERROR(ParseProjectionBody(&ret->body));
    return ClausePtr(std::move(ret));
}

Status Parser::ParseProjectionBody(ast::ProjectionBody* body) {
    if (AcceptKeyword("DISTINCT")) body->distinct = true;
    bool need_item = true;
    if (Accept(TokenKind::kStar)) {
        body->star = true;
        need_item = Accept(TokenKind::kComma);
    }
    while (need_item) {
        ast::ProjectionItem item;
        item.pos = Cur().pos();
        size_t start = pos_;
        ASSIGN_OR_RETURN(item.expression, ParseExpression());
        item.text = SourceText(start);
        if (AcceptKeyword("AS")) {
            item.alias_pos = Cur().pos();
            RETURN_IF_ERROR(ParseName(&item.alias, "a variable name"));
        }
        body->items.push_back(std::move(item));
        need_item = Accept(TokenKind::kComma);
    }
    return ParseOrderSkipLimit(&body->order_by, &body->skip, &body->limit);
}

Status Parser::ParseOrderSkipLimit(std::vector<ast::SortItem>* order_by, ExprPtr* skip,
                                   ExprPtr* limit) {
    if (AtKeyword("ORDER")) {
        ++pos_;
        RETURN_IF_ERROR(ExpectKeyword("BY"));
        do {
            ast::SortItem item;
            item.pos = Cur().pos();
            ASSIGN_OR_RETURN(item.expression, ParseExpression());
            if (AcceptKeyword("DESC") || AcceptKeyword("DESCENDING")) {
                item.descending = true;
            } else if (!AcceptKeyword("ASC")) {
                AcceptKeyword("ASCENDING");
            }
            order_by->push_back(std::move(item));
        } while (Accept(TokenKind::kComma));
    }
    if (AcceptKeyword("SKIP") || AcceptKeyword("OFFSET")) {
        ASSIGN_OR_RETURN(*skip, ParseExpression());
    }
    if (AcceptKeyword("LIMIT")) {
        ASSIGN_OR_RETURN(*limit, ParseExpression());
    }
    return Status::Ok();
}

Result<ClausePtr> Parser::ParseCreate() {
    auto create = std::make_unique<ast::Create>(Cur().pos());
    ++pos_;
    RETURN_IF_ERROR(ParsePattern(&create->pattern));
    return ClausePtr(std::move(create));
}

Result<ClausePtr> Parser::ParseMerge() {
    auto merge = std::make_unique<ast::Merge>(Cur().pos());
    ++pos_;
    RETURN_IF_ERROR(ParsePatternPart(&merge->pattern));
    while (AtKeyword("ON")) {
        ++pos_;
        std::vector<ast::SetItem>* items;
        if (AcceptKeyword("CREATE")) {
            items = &merge->on_create;
        } else if (AcceptKeyword("MATCH")) {
            items = &merge->on_match;
        } else {
            return ErrorHere("'CREATE' or 'MATCH'");
        }
        RETURN_IF_ERROR(ExpectKeyword("SET"));
        do {
            ast::SetItem item;
            RETURN_IF_ERROR(ParseSetItem(&item));
            items->push_back(std::move(item));
        } while (Accept(TokenKind::kComma));
    }
    return ClausePtr(std::move(merge));
}

Result<ClausePtr> Parser::ParseSet() {
    auto set = std::make_unique<ast::Set>(Cur().pos());
    ++pos_;
    do {
        ast::SetItem item;
        RETURN_IF_ERROR(ParseSetItem(&item));
        set->items.push_back(std::move(item));
    } while (Accept(TokenKind::kComma));
    return ClausePtr(std::move(set));
}

Status Parser::ParseSetItem(ast::SetItem* item) {
    item->pos = Cur().pos();
    ASSIGN_OR_RETURN(item->target, ParsePostfix(false));
    if (At(TokenKind::kColon)) {
        item->kind = ast::SetItemKind::kLabels;
        return ParseLabelList(&item->labels);
    }
    bool property = item->target->Is<ast::PropertyAccess>() || item->target->Is<ast::Subscript>();
    if (Accept(TokenKind::kPlusEq)) {
        item->kind = ast::SetItemKind::kMergeMap;
    } else if (Accept(TokenKind::kEq)) {
        item->kind = property ? ast::SetItemKind::kProperty : ast::SetItemKind::kReplaceMap;
    } else {
        return ErrorHere(property ? "'='" : "'=', '+=' or ':'");
    }
    ASSIGN_OR_RETURN(item->value, ParseExpression());
    return Status::Ok();
}

Result<ClausePtr> Parser::ParseRemove() {
    auto remove = std::make_unique<ast::Remove>(Cur().pos());
    ++pos_;
    do {
        ast::RemoveItem item;
        item.pos = Cur().pos();
        ASSIGN_OR_RETURN(item.target, ParsePostfix(false));
        if (At(TokenKind::kColon)) {
            item.kind = ast::RemoveItemKind::kLabels;
            RETURN_IF_ERROR(ParseLabelList(&item.labels));
        } else if (item.target->Is<ast::PropertyAccess>() || item.target->Is<ast::Subscript>()) {
            item.kind = ast::RemoveItemKind::kProperty;
        } else {
            return ErrorHere("'.' or ':'");
        }
        remove->items.push_back(std::move(item));
    } while (Accept(TokenKind::kComma));
    return ClausePtr(std::move(remove));
}

Result<ClausePtr> Parser::ParseDelete() {
    auto del = std::make_unique<ast::Delete>(Cur().pos());
    if (AcceptKeyword("DETACH")) del->detach = true;
    RETURN_IF_ERROR(ExpectKeyword("DELETE"));
    do {
        ASSIGN_OR_RETURN(ExprPtr target, ParseExpression());
        del->targets.push_back(std::move(target));
    } while (Accept(TokenKind::kComma));
    return ClausePtr(std::move(del));
}

Result<ClausePtr> Parser::ParseForeach() {
    auto foreach = std::make_unique<ast::Foreach>(Cur().pos());
    ++pos_;
    RETURN_IF_ERROR(Expect(TokenKind::kLParen, "'('"));
    foreach
        ->variable_pos = Cur().pos();
    RETURN_IF_ERROR(ParseName(&foreach->variable, "a variable name"));
    RETURN_IF_ERROR(ExpectKeyword("IN"));
    ASSIGN_OR_RETURN(foreach->list, ParseExpression());
    RETURN_IF_ERROR(Expect(TokenKind::kPipe, "'|'"));
    if (!AtClauseStart()) return ErrorHere("an updating clause");
    while (AtClauseStart()) {
        ASSIGN_OR_RETURN(ClausePtr clause, ParseClause());
        foreach
            ->clauses.push_back(std::move(clause));
    }
    RETURN_IF_ERROR(Expect(TokenKind::kRParen, "')'"));
    return ClausePtr(std::move(foreach));
}

Result<ClausePtr> Parser::ParseCall() {
    SourcePosition pos = Cur().pos();
    ++pos_;
    if (At(TokenKind::kLBrace) || At(TokenKind::kLParen)) return ParseCallSubquery(pos);
    auto call = std::make_unique<ast::CallProcedure>(pos);
    RETURN_IF_ERROR(ParseName(&call->name, "a procedure name or '{'"));
    while (Accept(TokenKind::kDot)) {
        std::string part;
        RETURN_IF_ERROR(ParseName(&part, "a procedure name"));
        call->name += '.';
        call->name += part;
    }
    if (Accept(TokenKind::kLParen)) {
        call->explicit_args = true;
        if (!Accept(TokenKind::kRParen)) {
            while (true) {
                ASSIGN_OR_RETURN(ExprPtr arg, ParseExpression());
                call->args.push_back(std::move(arg));
                if (Accept(TokenKind::kComma)) continue;
                RETURN_IF_ERROR(Expect(TokenKind::kRParen, "',' or ')'"));
                break;
            }
        }
    }
    if (AcceptKeyword("YIELD")) {
        call->has_yield = true;
        RETURN_IF_ERROR(ParseYieldItems(&call->yield_star, &call->yields));
        if (AcceptKeyword("WHERE")) {
            ASSIGN_OR_RETURN(call->where, ParseExpression());
        }
    }
    return ClausePtr(std::move(call));
}

Status Parser::ParseYieldItems(bool* star, std::vector<ast::YieldItem>* items) {
    if (Accept(TokenKind::kStar)) {
        *star = true;
        return Status::Ok();
    }
    do {
        ast::YieldItem item;
        item.pos = Cur().pos();
        RETURN_IF_ERROR(ParseName(&item.field, "a procedure output name"));
        if (AcceptKeyword("AS")) {
            RETURN_IF_ERROR(ParseName(&item.alias, "a variable name"));
        }
        items->push_back(std::move(item));
    } while (Accept(TokenKind::kComma));
    return Status::Ok();
}

Result<ClausePtr> Parser::ParseCallSubquery(SourcePosition pos) {
    auto call = std::make_unique<ast::CallSubquery>(pos);
    if (Accept(TokenKind::kLParen)) {
        call->import_variables.emplace();
        if (Accept(TokenKind::kStar)) {
            call->import_all = true;
        } else if (!At(TokenKind::kRParen)) {
            do {
                std::string name;
                RETURN_IF_ERROR(ParseName(&name, "a variable name"));
                call->import_variables->push_back(std::move(name));
            } while (Accept(TokenKind::kComma));
        }
        RETURN_IF_ERROR(Expect(TokenKind::kRParen, "')'"));
    }
    RETURN_IF_ERROR(Expect(TokenKind::kLBrace, "'{'"));
    call->query = std::make_unique<ast::Query>();
    RETURN_IF_ERROR(ParseQuery(call->query.get()));
    RETURN_IF_ERROR(Expect(TokenKind::kRBrace, "'}'"));
    if (AtKeyword("IN") && AtKeyword("TRANSACTIONS", 1)) {
        pos_ += 2;
        call->in_transactions = true;
        if (AcceptKeyword("OF")) {
            ASSIGN_OR_RETURN(call->rows_per_transaction, ParseExpression());
            if (!AcceptKeyword("ROWS") && !AcceptKeyword("ROW")) return ErrorHere("'ROWS'");
        }
    }
    return ClausePtr(std::move(call));
}

}  // namespace nexus::cypher
