# Sourced by the LDBC import scripts: fills the array `args` with the `nexus import` group
# options for the SF0.1 CSVs in $DATA. Labels and relationship types are named after the files
# (Person.csv -> :Person, Person_knows_Person[_1].csv -> :Person_knows_Person).
args=()
for f in "$DATA"/*.csv; do
    base=$(basename "$f" .csv)
    [[ $base == *_1 ]] && continue  # a continuation, listed with its first part below
    groups=("$f")
    # Some continuation files repeat the header (then they are a group of their own).
    if [[ -f $DATA/${base}_1.csv ]]; then
        if head -1 "$DATA/${base}_1.csv" | grep -q ':START_ID\|:ID'; then
            groups+=("$DATA/${base}_1.csv")
        else
            groups[0]="$f,$DATA/${base}_1.csv"
        fi
    fi
    for files in "${groups[@]}"; do
        if [[ $base == *_* ]]; then
            args+=("--relationships=$base=$files")
        else
            args+=("--nodes=$base=$files")
        fi
    done
done
