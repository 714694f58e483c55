package ai.tuco.domain.line;

/**
 * A line's sending limits. Daily counters reset at 00:00 UTC, hourly ones at the top of each UTC hour;
 * a "new conversation" is the line's first message to a lead.
 */
public record LineCaps(int dailyNewConversations, int dailyTotalMessages, int hourlyNewConversations) {
    public static final LineCaps DEFAULTS = new LineCaps(50, 75, 50);

    public LineCaps {
        if (dailyNewConversations < 0 || dailyTotalMessages < 0 || hourlyNewConversations < 0) {
            throw new IllegalArgumentException("caps must not be negative");
        }
    }
}
