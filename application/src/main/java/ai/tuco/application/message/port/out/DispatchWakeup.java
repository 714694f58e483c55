package ai.tuco.application.message.port.out;

/** Tells dispatchers (on this node and others) that new work may be due; called after the accepting transaction commits. */
public interface DispatchWakeup {
    void wake();
}
