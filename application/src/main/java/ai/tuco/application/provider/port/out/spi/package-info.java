/**
 * The provider SPI: what a provider (built in, or a plugin jar loaded from {@code TUCO_PLUGINS_DIR} with
 * {@link java.util.ServiceLoader}) implements so that lines can send through it. Plain Java, no framework: a plugin
 * depends on the {@code application} and {@code domain} artifacts only.
 *
 * <p>A provider is {@link MessagingProvider}; it declares its configuration with {@link ConfigField}s, sends a
 * {@link SendRequest} and answers a {@link SendOutcome}; it may reconcile an unknown outcome, check iMessage
 * availability, check its health, decode and authenticate inbound callbacks ({@link Callbacks}) and poll for events it
 * could not push ({@link EventPoller}). Everything it learns later about a message is a {@link StatusUpdate}.
 */
package ai.tuco.application.provider.port.out.spi;
