package ai.tuco.application.report.port.in;

import ai.tuco.application.shared.port.in.Caller;

/** Reports on the caller's workspace's messages (members and admins; read-only workspaces too). */
public interface MessageReportQuery {
    /** The period when the request gives no {@code from}. */
    int DEFAULT_DAYS = 30;
    /** The longest period a report may cover. */
    int MAX_DAYS = 366;

    /**
     * @throws ai.tuco.application.shared.port.in.UseCaseException VALIDATION_ERROR naming {@code from} when the period
     *     is empty or backwards, or longer than {@link #MAX_DAYS} days
     */
    MessageReport report(Caller caller, ReportRequest request);
}
