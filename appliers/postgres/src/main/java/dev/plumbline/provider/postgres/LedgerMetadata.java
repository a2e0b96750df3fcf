package dev.plumbline.provider.postgres;

import dev.plumbline.provider.ownership.RecordedMetadata;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How the ledger's {@code metadata} column ({@code jsonb}) holds the labels and annotations of a resource,
 * which no PostgreSQL object can carry: {@code {"labels": {...}, "annotations": {...}}}, each part only when
 * it has entries, and {@code NULL} when there are none, so that {@code SELECT metadata FROM
 * plumbline_provenance} shows them as a person would write them.
 *
 * <p>The server builds the JSON and takes it apart: names and values travel as {@code text[]} parameters
 * into {@code jsonb_object(keys, values)} and come back as {@code text[]} from {@code jsonb_each_text}, so
 * no JSON is written or parsed here and any text PostgreSQL can store round-trips as it is (a NUL it cannot
 * store is refused at validation). A part edited by hand into something other than an object reads as
 * empty, and the next plan writes it again.
 */
final class LedgerMetadata {

    /** The value of the column, from the four parameters {@link #parameters} gives. */
    static final String VALUE = "nullif(jsonb_strip_nulls(jsonb_build_object("
            + "'labels', nullif(jsonb_object(?::text[], ?::text[]), '{}'), "
            + "'annotations', nullif(jsonb_object(?::text[], ?::text[]), '{}'))), '{}')";

    private LedgerMetadata() {
    }

    /** The parameters of {@link #VALUE} for {@code metadata}: label names and values, annotation names and values. */
    static List<Object> parameters(RecordedMetadata metadata) {
        return List.of(List.copyOf(metadata.labels().keySet()), List.copyOf(metadata.labels().values()),
                List.copyOf(metadata.annotations().keySet()), List.copyOf(metadata.annotations().values()));
    }

    /**
     * The select-list items a ledger query reads the column through, from {@code column} ({@code metadata},
     * or {@code NULL::jsonb} for a ledger made before the column existed).
     */
    static String columns(String column) {
        return part(column, "labels") + ", " + part(column, "annotations");
    }

    /** What {@link #columns} read from the current row. */
    static RecordedMetadata read(ResultSet rs) throws SQLException {
        return new RecordedMetadata(map(rs, "labels"), map(rs, "annotations"));
    }

    private static String part(String column, String name) {
        String object = "CASE WHEN jsonb_typeof(" + column + " -> '" + name + "') = 'object' THEN " + column
                + " -> '" + name + "' END";
        String entries = " FROM jsonb_each_text(" + object + ") WHERE value IS NOT NULL ORDER BY key)";
        // most rows have no metadata: they skip the subqueries, and read as empty
        String present = "CASE WHEN " + column + " IS NOT NULL THEN ARRAY(SELECT ";
        return present + "key" + entries + " END AS " + name + "_names, " + present + "value" + entries + " END AS "
                + name + "_values";
    }

    private static Map<String, String> map(ResultSet rs, String name) throws SQLException {
        String[] names = strings(rs.getArray(name + "_names"));
        String[] values = strings(rs.getArray(name + "_values"));
        Map<String, String> map = new TreeMap<>();
        for (int i = 0; i < names.length && i < values.length; i++) {
            map.put(names[i], values[i]);
        }
        return map;
    }

    private static String[] strings(Array array) throws SQLException {
        return array == null ? new String[0] : (String[]) array.getArray();
    }
}
