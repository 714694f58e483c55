package ai.tuco.adapters.http.shared;

import ai.tuco.application.shared.port.in.FieldError;
import io.javalin.http.Context;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes an export to the response as its pages arrive: CSV (RFC 4180, UTF-8 without BOM, a header row) or NDJSON
 * (one API object per line). Memory is a page or two plus a 64 KiB buffer, whatever the export's size; the response goes
 * out chunked once the buffers fill.
 */
public final class ExportStream {
    private static final Logger LOG = LoggerFactory.getLogger(ExportStream.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final int BUFFER = 64 * 1024;
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");

    /** The formats {@code ?format=} takes. */
    public enum Format {
        CSV("text/csv; charset=utf-8", "csv"),
        NDJSON("application/x-ndjson; charset=utf-8", "ndjson");

        private final String contentType;
        private final String extension;

        Format(String contentType, String extension) {
            this.contentType = contentType;
            this.extension = extension;
        }

        /** {@code csv} when absent; a value that is neither adds an error naming {@code format}. */
        public static Format parse(String raw, List<FieldError> errors) {
            if (raw == null || raw.isEmpty() || raw.equals("csv")) {
                return CSV;
            }
            if (raw.equals("ndjson")) {
                return NDJSON;
            }
            errors.add(new FieldError("format", "format must be csv or ndjson"));
            return CSV;
        }
    }

    /**
     * A CSV column: its header and its cell, read from the row's API object. Cells of a {@code phone} column that are
     * E.164 numbers are written as they are; every other cell is formula-neutralised (see {@link #cell}).
     */
    public record Column(String header, Function<Map<String, Object>, Object> value, boolean phone) {
        /** The API object's field of that name. */
        public static Column field(String name) {
            return new Column(name, json -> json.get(name), false);
        }

        /** A phone field of the API object. */
        public static Column phone(String name) {
            return new Column(name, json -> json.get(name), true);
        }

        /** {@code object.name} of a nested object of the API object (empty when the object is null). */
        public static Column nested(String object, String name) {
            return new Column(object + "." + name, json -> json.get(object) instanceof Map<?, ?> m ? m.get(name) : null, false);
        }
    }

    /** Produces the rows, calling {@link #row} for each, in order. */
    @FunctionalInterface
    public interface Rows {
        void writeTo(ExportStream out) throws IOException;
    }

    private final Format format;
    private final List<Column> columns;
    private final CSVPrinter csv;
    /** One CSV record at a time, handed to {@link #writer} in one call (commons-csv writes a character at a time). */
    private final StringBuilder record;
    private final Writer writer;
    private final OutputStream ndjson;

    private ExportStream(OutputStream out, Format format, List<Column> columns) throws IOException {
        this.format = format;
        this.columns = columns;
        if (format == Format.CSV) {
            this.writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), BUFFER);
            this.record = new StringBuilder(1024);
            this.csv = CSVFormat.RFC4180.builder().setHeader(columns.stream().map(Column::header).toArray(String[]::new))
                    .get().print(record);
            writer.append(record);
            this.ndjson = null;
        } else {
            this.writer = null;
            this.record = null;
            this.csv = null;
            this.ndjson = new BufferedOutputStream(out, BUFFER);
        }
    }

    /**
     * Answers 200 with the export named {@code <name>-<UTC time>.<csv|ndjson>} as an attachment. A failure before the
     * first byte left the buffers (a database that cannot be reached on the first page) propagates, so the client
     * gets the usual JSON error; after that the status is sent and cannot change, so the response is cut off
     * (no final chunk): the client sees a broken transfer, never a short file that looks complete.
     */
    public static void respond(Context ctx, Clock clock, String name, Format format, List<Column> columns, Rows rows)
            throws Exception {
        String filename = name + "-" + STAMP.format(clock.instant()) + "." + format.extension;
        ctx.status(200).contentType(format.contentType);
        ctx.header("Content-Disposition", "attachment; filename=\"" + filename + "\"");
        ctx.header("Cache-Control", "no-store");
        try {
            ExportStream out = new ExportStream(ctx.outputStream(), format, columns);
            rows.writeTo(out);
            out.finish();
        } catch (Exception e) {
            if (!ctx.res().isCommitted()) {
                ctx.res().setHeader("Content-Disposition", null);
                throw e;
            }
            LOG.warn("export {} cut off after it started: {}", filename, e.toString());
            ServletContextRequest request = ServletContextRequest.getServletContextRequest(ctx.req());
            if (request != null) {
                request.getServletChannel().abort(e);
            }
        }
    }

    /** Writes one row: the API object as a JSON line, or its columns as a CSV record. */
    public void row(Map<String, Object> json) throws IOException {
        if (format == Format.NDJSON) {
            ndjson.write(JsonSupport.bytes(json));
            ndjson.write('\n');
            return;
        }
        Object[] cells = new Object[columns.size()];
        for (int i = 0; i < cells.length; i++) {
            Column c = columns.get(i);
            cells[i] = cell(c.value().apply(json), c.phone());
        }
        record.setLength(0);
        csv.printRecord(cells);
        writer.append(record);
    }

    private void finish() throws IOException {
        if (writer != null) {
            writer.flush();
        } else {
            ndjson.flush();
        }
    }

    /**
     * A CSV cell: empty for null, JSON for arrays and objects, else the value's text. Formula-injection safe (OWASP's
     * CSV injection advice): a cell starting with {@code = + - @}, tab, carriage return or NUL gets a leading
     * {@code '}, so a spreadsheet shows it as text rather than evaluating it; an E.164 number in a phone column is left
     * as it is ({@code +1...} is how phones are written everywhere else, and a number cannot call anything).
     */
    static String cell(Object value, boolean phone) {
        String text = value == null ? ""
                : value instanceof String s ? s
                : value instanceof Map<?, ?> || value instanceof List<?> ? new String(JsonSupport.bytes(value), StandardCharsets.UTF_8)
                : value.toString();
        if (text.isEmpty() || phone && E164.matcher(text).matches()) {
            return text;
        }
        return switch (text.charAt(0)) {
            case '=', '+', '-', '@', '\t', '\r', '\0' -> "'" + text;
            default -> text;
        };
    }
}
