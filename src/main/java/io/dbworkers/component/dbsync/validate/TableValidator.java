package io.dbworkers.component.dbsync.validate;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import javax.sql.DataSource;

import io.dbworkers.component.dbsync.validate.TableSide.Agg;
import io.dbworkers.component.dbsync.validate.TableSide.Slice;
import io.dbworkers.config.ConfigurationException;
import io.dbworkers.sql.Dialect;
import io.dbworkers.sql.PortableType;
import io.dbworkers.sql.PortableType.Kind;
import io.dbworkers.support.Progress;

/**
 * Compares a source and a target table by key without downloading them. Both databases compute, in one aggregate
 * scan each (the two sides run at the same time), the row count and the sum of 60-bit row hashes (md5 of the row's
 * canonical text, {@link CanonicalSql}) per bucket of about {@value #ROWS_PER_BUCKET} keys. Only buckets whose count or
 * sum differ are looked at again: a bucket of a single integer key is bisected into 16 narrower key ranges, aggregated
 * again, down to ranges of at most {@value #LEAF_ROWS} rows, which are read and compared row by row ({@link
 * RowComparison}); any other key (text, uuid, composite) is bucketed by a hash of its canonical text and differing
 * buckets are read as leaves directly. On equal tables the cost is one count and one aggregate scan of each side.
 *
 * <p>A difference is missed only when the sums of the 60-bit hashes of a bucket collide exactly (about 2^-60 per
 * differing bucket). Each side reads one consistent snapshot; a table written to while it is validated reports the
 * rows that differ between the two snapshots.
 */
public final class TableValidator {

    /** A range of at most this many rows is compared row by row. */
    public static final int LEAF_ROWS = 4096;
    static final int ROWS_PER_BUCKET = 2048;
    private static final int SPLIT = 16;
    /** How many keys of each kind (missing, extra, differing) a report names by default. */
    public static final int DEFAULT_REPORT_LIMIT = 10_000;

    /** One result of each side. */
    private record Pair<T>(T source, T target) {
    }

    @FunctionalInterface
    private interface SideCall<T> {
        T apply(TableSide side) throws SQLException;
    }

    private final DataSource source;
    private final DataSource target;
    private final int reportLimit;

    public TableValidator(DataSource source, DataSource target) {
        this(source, target, DEFAULT_REPORT_LIMIT);
    }

    /** @param reportLimit how many keys of each kind the report names (all are counted) */
    public TableValidator(DataSource source, DataSource target, int reportLimit) {
        this.source = source;
        this.target = target;
        this.reportLimit = reportLimit;
    }

    /** Validates {@code table} (the same name on both sides) by its primary key, without progress. */
    public static ValidationReport validate(DataSource source, DataSource target, String table) throws SQLException {
        return new TableValidator(source, target).validate(table, table, List.of(), null);
    }

    /**
     * Compares the tables.
     *
     * @param sourceTable the source table ({@code schema.table} allowed)
     * @param targetTable the target table
     * @param key         the key columns, or empty for the source's primary key
     * @param progress    where to count rows scanned, or null
     * @throws ConfigurationException for an unknown table or column, or a table without key
     */
    public ValidationReport validate(String sourceTable, String targetTable, List<String> key, Progress progress)
            throws SQLException {
        long started = System.nanoTime();
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "validate-source");
            t.setDaemon(true);
            return t;
        });
        try (TableSide src = TableSide.open(source, "--source", sourceTable);
             TableSide tgt = TableSide.open(target, "--target", targetTable)) {
            Run run = new Run(src, tgt, pool, progress, new Findings(reportLimit));
            run.plan(sourceTable, key);
            return run.execute(sourceTable, started);
        } finally {
            pool.shutdownNow();
        }
    }

    /** One validation's state. */
    private static final class Run {
        private final TableSide src;
        private final TableSide tgt;
        private final ExecutorService pool;
        private final Progress progress;
        private final Findings found;
        private RowComparison comparison;
        private RowComparison jsonComparison;
        private boolean intKey;

        Run(TableSide src, TableSide tgt, ExecutorService pool, Progress progress, Findings found) {
            this.src = src;
            this.tgt = tgt;
            this.pool = pool;
            this.progress = progress;
            this.found = found;
        }

        void plan(String table, List<String> key) throws SQLException {
            List<String> keyNames = key.isEmpty() ? src.primaryKey() : key;
            if (keyNames.isEmpty()) {
                throw new ConfigurationException("--key", "table '" + table
                        + "' has no primary key: validation needs a key (name its columns with --key)");
            }
            List<PortableType.Column> srcCols = new ArrayList<>();
            for (String k : keyNames) {
                srcCols.add(find(src.columns(), k, "--key", "table '" + table + "' has no key column '" + k + "'"));
            }
            src.columns().stream().filter(c -> !srcCols.contains(c)).forEach(srcCols::add);
            List<PortableType.Column> tgtCols = new ArrayList<>();
            for (PortableType.Column c : srcCols) {
                tgtCols.add(find(tgt.columns(), c.name(), "--target", "table '" + tgt.table().name()
                        + "' has no column '" + c.name() + "' (the source has it)"));
            }
            boolean bothPostgres = src.dialect() == Dialect.POSTGRESQL && tgt.dialect() == Dialect.POSTGRESQL;
            List<Kind> kinds = new ArrayList<>();
            boolean[] semantic = new boolean[srcCols.size()];
            boolean[] separate = new boolean[srcCols.size()];
            List<String> names = srcCols.stream().map(PortableType.Column::name).toList();
            List<Integer> jsonOnly = new ArrayList<>();
            for (int i = 0; i < srcCols.size(); i++) {
                kinds.add(CanonicalSql.common(srcCols.get(i).type().kind(), tgtCols.get(i).type().kind()));
                semantic[i] = CanonicalSql.semantic(kinds.get(i), src.dialect(), tgt.dialect());
                separate[i] = i >= keyNames.size() && semantic[i] && CanonicalSql.json(kinds.get(i));
                if (i < keyNames.size() || separate[i]) {
                    jsonOnly.add(i);
                }
            }
            src.plan(srcCols, keyNames.size(), kinds, separate, bothPostgres);
            tgt.plan(tgtCols, keyNames.size(), kinds, separate, bothPostgres);
            comparison = new RowComparison(names, kinds, semantic);
            boolean[] jsonSemantic = new boolean[jsonOnly.size()];
            for (int i = 0; i < jsonOnly.size(); i++) {
                jsonSemantic[i] = semantic[jsonOnly.get(i)];
            }
            jsonComparison = new RowComparison(jsonOnly.stream().map(names::get).toList(),
                    jsonOnly.stream().map(kinds::get).toList(), jsonSemantic);
            Kind k0 = kinds.get(0);
            intKey = keyNames.size() == 1 && (k0 == Kind.SMALLINT || k0 == Kind.INTEGER || k0 == Kind.BIGINT);
        }

        private static PortableType.Column find(List<PortableType.Column> columns, String name, String setting,
                String problem) {
            PortableType.Column found = null;
            for (PortableType.Column c : columns) {
                if (c.name().equals(name) || found == null && c.name().equalsIgnoreCase(name)) {
                    found = c;
                }
            }
            if (found == null) {
                throw new ConfigurationException(setting, problem);
            }
            return found;
        }

        ValidationReport execute(String table, long started) throws SQLException {
            Pair<long[]> counts = both(s -> s.countAndRange(intKey));
            long[] s = counts.source();
            long[] t = counts.target();
            long rows = Math.max(s[0], t[0]);
            if (progress != null) {
                progress.total(s[0] + t[0]);
            }
            // the key range of both sides together; an empty side has no min or max
            long lo = s[0] == 0 ? t[1] : t[0] == 0 ? s[1] : Math.min(s[1], t[1]);
            long hi = s[0] == 0 ? t[2] : t[0] == 0 ? s[2] : Math.max(s[2], t[2]);
            // range arithmetic (hi - lo, from + width) must not overflow: keys near the ends go by hash
            if (rows > 0 && intKey && lo > Long.MIN_VALUE / 4 && hi < Long.MAX_VALUE / 4) {
                byRange(lo, hi, rows);
            } else if (rows > 0) {
                byHash(rows);
            }
            return found.report(table, s[0], t[0], Duration.ofNanos(System.nanoTime() - started));
        }

        private void byRange(long lo, long hi, long rows) throws SQLException {
            long buckets = Math.max(1, rows / ROWS_PER_BUCKET);
            long width = Math.max(1, ceilDiv(hi - lo + 1, buckets));
            Pair<Map<Long, Agg>> aggs = both(s -> scan(s, s.rangeBucket(lo, width), s.chunks(rows, true, lo, hi)));
            for (long b : differing(aggs)) {
                resolve(lo + b * width, width, aggs.source().get(b), aggs.target().get(b));
            }
        }

        /** Bisects a differing key range down to leaves. */
        private void resolve(long from, long width, Agg a, Agg b) throws SQLException {
            if (Math.max(count(a), count(b)) <= LEAF_ROWS || width == 1) {
                leaf(s -> s.range(from, from + width), a != null && a.sameExceptJson(b));
                return;
            }
            long sub = ceilDiv(width, SPLIT);
            Pair<Map<Long, Agg>> aggs = both(s -> s.aggregate(s.rangeBucket(from, sub),
                    s.range(from, from + width)));
            for (long bucket : differing(aggs)) {
                resolve(from + bucket * sub, sub, aggs.source().get(bucket), aggs.target().get(bucket));
            }
        }

        private void byHash(long rows) throws SQLException {
            int buckets = (int) Math.min(Integer.MAX_VALUE, Math.max(1, rows / ROWS_PER_BUCKET));
            Pair<Map<Long, Agg>> aggs = both(s -> scan(s, s.hashBucket(buckets), s.chunks(rows, false, 0, 0)));
            // buckets whose json alone differs are read apart, narrower: key and json columns only
            for (boolean jsonOnly : new boolean[] {false, true}) {
                List<Long> batch = new ArrayList<>();
                long batchRows = 0;
                for (long b : differing(aggs)) {
                    Agg a = aggs.source().get(b);
                    if (jsonOnly != (a != null && a.sameExceptJson(aggs.target().get(b)))) {
                        continue;
                    }
                    batch.add(b);
                    batchRows += Math.max(count(a), count(aggs.target().get(b)));
                    if (batchRows >= 4 * LEAF_ROWS) {
                        hashLeaf(buckets, batch, jsonOnly);
                        batch.clear();
                        batchRows = 0;
                    }
                }
                if (!batch.isEmpty()) {
                    hashLeaf(buckets, batch, jsonOnly);
                }
            }
        }

        private void hashLeaf(int buckets, List<Long> batch, boolean jsonOnly) throws SQLException {
            List<Long> which = List.copyOf(batch);
            leaf(s -> s.hashBuckets(buckets, which), jsonOnly);
        }

        private Map<Long, Agg> scan(TableSide side, String bucket, List<Slice> chunks) throws SQLException {
            Map<Long, Agg> total = new HashMap<>();
            for (Slice chunk : chunks) {
                Map<Long, Agg> part = side.aggregate(bucket, chunk);
                long rows = 0;
                for (Map.Entry<Long, Agg> e : part.entrySet()) {
                    total.merge(e.getKey(), e.getValue(), Agg::plus);
                    rows += e.getValue().count();
                }
                if (progress != null) {
                    progress.add(rows);
                }
            }
            return total;
        }

        private void leaf(Function<TableSide, Slice> slice, boolean jsonOnly) throws SQLException {
            Pair<Map<String, String[]>> rows = both(s -> s.rows(slice.apply(s), jsonOnly));
            found.compared(rows.source().size() + rows.target().size());
            (jsonOnly ? jsonComparison : comparison).compare(rows.source(), rows.target(), found);
        }

        /** The buckets whose count or hash sum differ, in bucket order. */
        private static TreeSet<Long> differing(Pair<Map<Long, Agg>> aggs) {
            TreeSet<Long> keys = new TreeSet<>(aggs.source().keySet());
            keys.addAll(aggs.target().keySet());
            keys.removeIf(k -> Objects.equals(aggs.source().get(k), aggs.target().get(k)));
            return keys;
        }

        /** Runs the call on both sides at the same time: [source, target]. */
        private <T> Pair<T> both(SideCall<T> call) throws SQLException {
            Future<T> fromSource = pool.submit(() -> call.apply(src));
            T t;
            try {
                t = call.apply(tgt);
            } catch (SQLException | RuntimeException e) {
                fromSource.cancel(true);
                throw e;
            }
            try {
                return new Pair<>(fromSource.get(), t);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof SQLException sql) {
                    throw sql;
                }
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException(e.getCause());
            }
        }

        private static long count(Agg agg) {
            return agg == null ? 0 : agg.count();
        }

        private static long ceilDiv(long a, long b) {
            return a / b + (a % b == 0 ? 0 : 1);
        }
    }
}
