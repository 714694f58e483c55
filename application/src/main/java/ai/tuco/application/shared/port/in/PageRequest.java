package ai.tuco.application.shared.port.in;

/** Which page of a numbered listing to read: {@code page} from 1, {@code limit} items per page (1 to 100). */
public record PageRequest(int page, int limit) {
    public static final int MAX_PAGE = 1_000_000;
    public static final int MAX_LIMIT = 100;
    public static final int DEFAULT_LIMIT = 50;

    public PageRequest {
        if (page < 1 || page > MAX_PAGE) {
            throw new IllegalArgumentException("page must be 1 to " + MAX_PAGE + ", got " + page);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ", got " + limit);
        }
    }

    /** The first page of the default size. */
    public static PageRequest first() {
        return new PageRequest(1, DEFAULT_LIMIT);
    }

    /** How many items come before this page. */
    public int offset() {
        return (page - 1) * limit;
    }
}
