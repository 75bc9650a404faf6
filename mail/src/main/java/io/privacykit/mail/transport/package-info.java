/**
 * Mailers over Jakarta Mail: {@link io.privacykit.mail.transport.SmtpMailer} for an SMTP server and
 * {@link io.privacykit.mail.transport.FileOutboxMailer}, a directory of {@code .eml} files for
 * development, made from {@code privacy.mail.*} by
 * {@link io.privacykit.mail.transport.TransportMailerProvider}.
 */
package io.privacykit.mail.transport;
