package ai.tuco.application.shared.port.out;

/** What a multi-row insert does with a row whose unique key is stored already. */
public enum OnConflict {
    /**
     * Skip that row and write the others ({@code ON CONFLICT DO NOTHING}). PostgreSQL then checks every row's unique keys
     * before inserting it and confirms the insert afterwards: an index probe and a WAL record more per row.
     */
    SKIP,
    /**
     * Insert every row as new: a stored key fails the statement, and so its transaction, with a unique violation
     * ({@link TransactionRunner.Failure#DUPLICATE}). For writers whose rows are new unless something rare happened,
     * which then run the transaction again with {@link #SKIP}.
     */
    FAIL
}
