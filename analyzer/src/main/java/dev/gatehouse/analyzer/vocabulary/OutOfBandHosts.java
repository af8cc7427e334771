package dev.gatehouse.analyzer.vocabulary;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hosts that ordinary packages never call while installing, importing or starting, and attackers do:
 * out-of-band interaction servers (interactsh, Burp Collaborator), webhook collectors and tunnels, paste
 * and file-drop services, Discord webhooks and the Telegram bot API, Internet Computer canisters, raw IP
 * addresses and cloud metadata endpoints. Read from {@code out-of-band-hosts.txt}; each is evidence of
 * its own in a finding, whatever code reaches it.
 */
public final class OutOfBandHosts {
  private static final List<VocabularyFile> ENTRIES = VocabularyFile.read("out-of-band-hosts.txt");
  /** scheme://host[:port]/path, or a bare host[/path]; enough to find the host of a literal. */
  private static final Pattern URL = Pattern.compile(
      "^(?:[a-z][a-z0-9+.-]*://)?(?:[^@/\\s]*@)?(\\[[0-9a-f:.]+]|[^/:?#\\s]+)(?::\\d+)?([/?#]\\S*)?$");
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(?:\\.\\d{1,3}){3}");

  private OutOfBandHosts() {}

  /**
   * Why the URL or host in {@code literal} is out of band (such as {@code "webhook collector"}), or empty
   * for ordinary hosts and for text that is not a URL or host.
   */
  public static Optional<String> reason(String literal) {
    String text = literal.strip().toLowerCase(Locale.ROOT);
    if (text.isEmpty() || text.length() > 2048) {
      return Optional.empty();
    }
    Matcher m = URL.matcher(text);
    if (!m.matches()) {
      return Optional.empty();
    }
    // A bare dotted quad is often a version or a netmask; with a scheme, port or path it is an address.
    boolean url = !text.equals(m.group(1));
    String host = m.group(1);
    String path = m.group(2) == null ? "" : m.group(2);
    if (host.equals("169.254.169.254") || host.equals("metadata.google.internal") || host.equals("[fd00:ec2::254]")
        || host.equals("100.100.100.200")) {
      return Optional.of("cloud metadata endpoint");
    }
    // A bracketed host is an IPv6 literal only with a colon in it: "[a]" is a regular expression's class.
    if (IPV4.matcher(host).matches() || (host.startsWith("[") && host.indexOf(':') > 0)) {
      return url && !loopbackOrPrivate(host) ? Optional.of("raw IP address") : Optional.empty();
    }
    if (!host.contains(".")) {
      return Optional.empty();
    }
    for (VocabularyFile e : ENTRIES) {
      String pattern = e.pattern();
      int slash = pattern.indexOf('/');
      String domain = slash < 0 ? pattern : pattern.substring(0, slash);
      boolean hostMatches = host.equals(domain) || host.endsWith("." + domain);
      if (hostMatches && (slash < 0 || path.startsWith(pattern.substring(slash)))) {
        return Optional.of(e.label());
      }
    }
    return Optional.empty();
  }

  private static boolean loopbackOrPrivate(String host) {
    return host.startsWith("127.") || host.startsWith("10.") || host.startsWith("192.168.") || host.equals("0.0.0.0")
        || host.startsWith("[::1]") || host.matches("172\\.(1[6-9]|2\\d|3[01])\\..*");
  }
}
