// Importer: one node row, one relationship row, external id lookups, bad rows and progress.
#include <algorithm>
#include <charconv>

#include "graph/value_codec.h"
#include "import/importer_impl.h"

namespace nexus::import {
namespace {

bool ParseIntId(std::string_view text, int64_t* out) {
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
    return ec == std::errc() && p == text.data() + text.size() && !text.empty();
}

std::string GroupName(const std::string& group) {
    return group.empty() ? "global id space" : "id space '" + group + "'";
}

// Read-only lookup of one endpoint (the reader thread resolves whole batches; see RelResolver).
bool FindId(const IdSpace* space, IdType type, std::string_view text, graph::NodeId* out) {
    if (space == nullptr) return false;
    if (type == IdType::kInteger) {
        int64_t v;
        if (!ParseIntId(text, &v)) return false;
        return space->ints.Get(v, out);
    }
    return space->strings.Get(text, out);
}

}  // namespace

// Sorts by key and keeps the last value of a key given twice, as the record layer does.
void SortPropertyList(graph::PropertyList* props) {
    std::stable_sort(props->begin(), props->end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (size_t i = 0; i + 1 < props->size();) {
        if ((*props)[i].first == (*props)[i + 1].first) {
            props->erase(props->begin() + static_cast<ptrdiff_t>(i));
        } else {
            ++i;
        }
    }
}

void EncodePropertyList(const graph::PropertyList& props, std::string* out) {
    out->clear();
    if (!props.empty()) graph::EncodeProperties(props, out);
}

RowPipe::Resolver Importer::RelResolver(const Header& header) const {
    if (external_ != nullptr) return nullptr;  // endpoints are resolved by merge-joins
    if (start_space_ == nullptr || end_space_ == nullptr) return nullptr;  // all unknown
    // Node id maps are complete and no longer change once relationships are read. Every
    // key of the batch is found first, then looked up with the slots of the keys kAhead
    // records later already loading: the maps outgrow the caches, and a miss per lookup
    // was the largest cost of the reader thread.
    struct Keys {
        std::vector<int64_t> ints;  // two per record (integer ids)
        std::vector<std::string_view> texts;
        std::vector<uint8_t> valid;
    };
    return [start = start_space_, end = end_space_, integer = o_.id_type == IdType::kInteger,
            ncols = header.columns.size(), sc = header.start_column, ec = header.end_column,
            keys = std::make_shared<Keys>()](RowBatch* b) {
        constexpr size_t kAhead = 16;
        const size_t n = b->records.size();
        Keys& k = *keys;
        k.valid.assign(n, 0);
        k.ints.resize(2 * n);
        k.texts.resize(2 * n);
        for (size_t i = 0; i < n; ++i) {
            const RowBatch::Record& r = b->records[i];
            if (!r.error.empty() || r.fields != ncols) continue;
            k.texts[2 * i] = b->Text(r, sc);
            k.texts[2 * i + 1] = b->Text(r, ec);
            k.valid[i] = !integer || (ParseIntId(k.texts[2 * i], &k.ints[2 * i]) &&
                                      ParseIntId(k.texts[2 * i + 1], &k.ints[2 * i + 1]));
        }
        for (size_t i = 0; i < n; ++i) {
            size_t a = i + kAhead;
            if (a < n && k.valid[a]) {
                if (integer) {
                    start->ints.Prefetch(k.ints[2 * a]);
                    end->ints.Prefetch(k.ints[2 * a + 1]);
                } else {
                    start->strings.Prefetch(k.texts[2 * a]);
                    end->strings.Prefetch(k.texts[2 * a + 1]);
                }
            }
            if (!k.valid[i]) continue;
            RowBatch::Record& r = b->records[i];
            if (integer) {
                r.resolved = start->ints.Get(k.ints[2 * i], &r.start) &&
                             end->ints.Get(k.ints[2 * i + 1], &r.end);
            } else {
                r.resolved = start->strings.Get(k.texts[2 * i], &r.start) &&
                             end->strings.Get(k.texts[2 * i + 1], &r.end);
            }
        }
    };
}

Status Importer::BadRow(const Row& row, const std::string& reason) {
    ++summary_.bad_rows;
    std::string msg = *row.file + ":" + std::to_string(row.line) + ": " + reason;
    if (o_.on_bad_row) o_.on_bad_row(msg);
    if (!o_.skip_bad_rows) {
        return Status(StatusCode::kInvalidArgument,
                      "bad row at " + msg + " (use --skip-bad-rows to skip such rows)");
    }
    if (summary_.bad_rows > o_.bad_tolerance) {
        return Status(StatusCode::kInvalidArgument,
                      "too many bad rows (more than --bad-tolerance " +
                          std::to_string(o_.bad_tolerance) + "); the last at " + msg);
    }
    return Status::Ok();
}

Status Importer::NodeRow(const Header& header, const Row& row) {
    const std::vector<CsvField>& fields = *row.fields;
    // Converted on the reader thread: the id column is in the record too.
    const bool pre = row.record != nullptr && row.record->converted;
    graph::PropertyList& props = row_props_;
    if (!pre) {
        ASSIGN_OR_RETURN(bool ok, RowProperties(header, row, &props));
        if (!ok) return Status::Ok();
    }
    IdSpace* space = nullptr;
    std::string_view id_text;
    int64_t int_id = 0;
    const Column* id_col = nullptr;
    if (header.id_column >= 0) {
        id_col = &header.columns[header.id_column];
        id_text = fields[header.id_column].text;
        if (id_text.empty()) return BadRow(row, "empty :ID");
        if (o_.id_type == IdType::kInteger && !ParseIntId(id_text, &int_id)) {
            return BadRow(row, "'" + std::string(id_text) + "' is not an integer id");
        }
        if (external_ == nullptr) {
            // (On the external path duplicates are found after the node phase.) The id the
            // node will get goes in now: one probe finds a duplicate and inserts otherwise,
            // and nothing after this point skips the row (errors stop the import).
            space = node_space_;
            graph::NodeId next = bulk_->nodes();
            bool fresh = o_.id_type == IdType::kInteger ? space->ints.Insert(int_id, next)
                                                        : space->strings.Insert(id_text, next);
            if (!fresh) {
                return BadRow(row, "duplicate id '" + std::string(id_text) + "' in " +
                                       GroupName(id_col->group));
            }
        }
        if (!pre && !id_col->name.empty()) {
            Value v = o_.id_type == IdType::kInteger ? Value(int_id) : Value(std::string(id_text));
            props.emplace_back(column_keys_[header.id_column], std::move(v));
        }
    }
    std::vector<graph::TokenId>& labels = row_labels_;
    labels = group_labels_;
    for (size_t i = 0; i < header.columns.size(); ++i) {
        if (header.columns[i].role != ColumnRole::kLabel) continue;
        for (std::string_view l : SplitArray(fields[i].text, o_.dialect.array_delimiter)) {
            ASSIGN_OR_RETURN(graph::TokenId t, Token(graph::TokenKind::kLabel, std::string(l)));
            labels.push_back(t);
        }
    }
    std::sort(labels.begin(), labels.end());
    labels.erase(std::unique(labels.begin(), labels.end()), labels.end());
    std::string_view bytes = row.props;
    size_t nprops = pre ? row.record->nprops : 0;
    if (!pre) {
        SortPropertyList(&props);
        EncodePropertyList(props, &props_bytes_);
        bytes = props_bytes_;
        nprops = props.size();
    }
    ASSIGN_OR_RETURN(graph::NodeId id, bulk_->AddNode(labels, bytes));
    if (space == nullptr && id_col != nullptr) {
        ExternalIds::Key(o_.id_type, id_text, &key_);
        RETURN_IF_ERROR(
            external_->AddNode(id_col->group, key_, id, PackWhere(file_index_, row.line)));
    }
    ++summary_.nodes;
    summary_.properties += nprops;
    RETURN_IF_ERROR(MaybeGoExternal());
    return MaybeCommit();
}

Result<bool> Importer::LookupNode(const Column& col, const CsvField& field, const Row& row,
                                  graph::NodeId* out) {
    const char* what = col.role == ColumnRole::kStartId ? ":START_ID" : ":END_ID";
    if (field.text.empty()) {
        RETURN_IF_ERROR(BadRow(row, std::string("empty ") + what));
        return false;
    }
    const IdSpace* space = col.role == ColumnRole::kStartId ? start_space_ : end_space_;
    bool found = FindId(space, o_.id_type, field.text, out);
    if (!found) {
        RETURN_IF_ERROR(BadRow(row, std::string("unknown ") + what + " '" +
                                        std::string(field.text) + "' in " + GroupName(col.group)));
    }
    return found;
}

Status Importer::RelRow(const Header& header, const Row& row) {
    if (external_ != nullptr) return SpoolRel(header, row);
    const std::vector<CsvField>& fields = *row.fields;
    graph::NodeId start = 0, end = 0;
    bool ok = true;
    if (row.record != nullptr && row.record->resolved) {
        start = row.record->start;
        end = row.record->end;
    } else {
        // Not resolved ahead (the first rows of a group) or a bad row: look up here, which
        // reports which endpoint is unknown.
        ASSIGN_OR_RETURN(ok, LookupNode(header.columns[header.start_column],
                                        fields[header.start_column], row, &start));
        if (!ok) return Status::Ok();
        ASSIGN_OR_RETURN(ok, LookupNode(header.columns[header.end_column],
                                        fields[header.end_column], row, &end));
        if (!ok) return Status::Ok();
    }
    graph::TokenId type = group_type_;
    if (header.type_column >= 0 && !fields[header.type_column].text.empty()) {
        ASSIGN_OR_RETURN(
            type, Token(graph::TokenKind::kRelType, std::string(fields[header.type_column].text)));
    }
    if (type == graph::kNoToken) return BadRow(row, "empty :TYPE");
    std::string_view bytes;
    size_t nprops;
    ASSIGN_OR_RETURN(ok, RelProperties(header, row, &bytes, &nprops));
    if (!ok) return Status::Ok();
    return AddRel(start, end, type, bytes, nprops);
}

Result<bool> Importer::RelProperties(const Header& header, const Row& row, std::string_view* bytes,
                                     size_t* nprops) {
    if (row.record != nullptr && row.record->converted) {
        *bytes = row.props;
        *nprops = row.record->nprops;
        return true;
    }
    graph::PropertyList& props = row_props_;
    ASSIGN_OR_RETURN(bool ok, RowProperties(header, row, &props));
    if (!ok) return false;
    SortPropertyList(&props);
    EncodePropertyList(props, &props_bytes_);
    *bytes = props_bytes_;
    *nprops = props.size();
    return true;
}

RowPipe::Converter Importer::PropConverter(const Header& header, EntityKind kind) const {
    // The reader thread's own copy of what conversion needs, and its scratch.
    struct State {
        std::vector<Column> columns;
        std::vector<graph::TokenId> keys;
        char array_delimiter;
        IdType id_type;
        int id_column = -1;  // a named :ID column of a node group, stored as a property
        graph::PropertyList props;
        std::string error;
    };
    auto s = std::make_shared<State>();
    s->columns = header.columns;
    s->keys = column_keys_;
    s->array_delimiter = o_.dialect.array_delimiter;
    s->id_type = o_.id_type;
    if (kind == EntityKind::kNodes && header.id_column >= 0 &&
        !header.columns[header.id_column].name.empty()) {
        s->id_column = header.id_column;
    }
    // Gives up (the importer thread converts again and reports) on anything unusual.
    return [s](const std::vector<CsvField>& f, std::string* out, uint32_t* nprops) {
        State& st = *s;
        if (f.size() != st.columns.size()) return false;
        st.props.clear();
        for (size_t i = 0; i < st.columns.size(); ++i) {
            const Column& c = st.columns[i];
            if (c.role != ColumnRole::kProperty) continue;
            if (f[i].text.empty() && !(f[i].quoted && c.type == FieldType::kString && !c.array)) {
                continue;
            }
            Value v;
            if (!ParseColumnValue(c, f[i].text, st.array_delimiter, &v, &st.error)) return false;
            st.props.emplace_back(st.keys[i], std::move(v));
        }
        if (st.id_column >= 0) {
            std::string_view text = f[st.id_column].text;
            if (text.empty()) return false;
            int64_t id = 0;
            if (st.id_type == IdType::kInteger && !ParseIntId(text, &id)) return false;
            st.props.emplace_back(st.keys[st.id_column], st.id_type == IdType::kInteger
                                                             ? Value(id)
                                                             : Value(std::string(text)));
        }
        SortPropertyList(&st.props);
        *nprops = static_cast<uint32_t>(st.props.size());
        if (!st.props.empty()) graph::EncodeProperties(st.props, out);
        return true;
    };
}

Status Importer::AddRel(graph::NodeId start, graph::NodeId end, graph::TokenId type,
                        std::string_view props, size_t nprops) {
    ASSIGN_OR_RETURN(graph::RelId id, bulk_->AddRel(start, end, type, props));
    RETURN_IF_ERROR(sorter_->AddRel(start, end, id, type));
    ++summary_.relationships;
    summary_.properties += nprops;
    return MaybeCommit();
}

void Importer::Progress(bool force) {
    if (!o_.on_progress) return;
    auto now = std::chrono::steady_clock::now();
    if (!force && now - last_progress_ < std::chrono::milliseconds(250)) return;
    last_progress_ = now;
    ProgressInfo p;
    p.phase = phase_;
    p.rows = phase_rows_;
    p.bytes_done = phase_bytes_done_ + (current_ != nullptr ? current_->bytes_read() : 0);
    p.bytes_total = phase_bytes_total_;
    p.seconds = std::chrono::duration<double>(now - started_).count();
    o_.on_progress(p);
}

}  // namespace nexus::import
