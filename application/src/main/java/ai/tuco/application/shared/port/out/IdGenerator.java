package ai.tuco.application.shared.port.out;

/** Makes new 24-hex ids (ObjectId shape): unique across nodes, roughly time-ordered, never relied on for order. */
public interface IdGenerator {
    String newId();
}
