package ai.tuco.bootstrap;

/** A configuration value that stops the service; the message is one line naming the variable. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String variable, String problem) {
        super(variable + ": " + problem, null, false, false);
    }
}
