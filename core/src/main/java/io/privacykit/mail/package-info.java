/**
 * How PrivacyKit sends mail: the {@link io.privacykit.mail.Mailer} an app provides or configures,
 * and the {@link io.privacykit.mail.MailMessage} it sends.
 */
package io.privacykit.mail;
