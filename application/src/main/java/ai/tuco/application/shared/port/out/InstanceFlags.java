package ai.tuco.application.shared.port.out;

/** Facts about the whole database that hold once, such as "the demo was seeded". */
public interface InstanceFlags {
    /** Sets the flag; @return true only for the one caller that set it first (others wait for it, then get false). */
    boolean setOnce(String flag);
}
