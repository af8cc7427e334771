package dev.gatehouse.analyzer.python;

import java.util.EnumSet;
import java.util.Set;

/**
 * What an expression (or the name it was assigned to) is known to hold: the environment as a whole,
 * a decoded payload, a network client, a path inside or outside the package, a credential path.
 *
 * @param facts what is known
 * @param path for {@link Fact#OWN_PATH} and {@link Fact#FILE}, the path relative to the file's folder
 * @param decoded for {@link Fact#DECODED}, the decoded text when it came from a literal; else null
 * @param layers how many decoders were stacked on the way to that text
 * @param credential for {@link Fact#CRED}, the credential store named
 * @param outOfBand for {@link Fact#OUT_OF_BAND}, why the host is out of band and the host; else null
 * @param origin for {@link Fact#FETCHED} and {@link Fact#DECODED}, where the data came from ({@code
 *     requests.get at line 3}), so that a finding names both ends of the chain; else null
 */
record ValueFacts(
    Set<Fact> facts, String path, String decoded, int layers, String credential, String outOfBand, String origin) {
  enum Fact {
    /** The whole process environment ({@code os.environ}, {@code dict(os.environ)}), not one variable. */
    ENV,
    /** The output of a base64/hex/zlib/rot13 decoder. */
    DECODED,
    /** An HTTP client or opener whose methods use the network. */
    CLIENT,
    /** The folder of the running file ({@code os.path.dirname(__file__)}). */
    HERE,
    /** A path built only from literals and {@link #HERE}: a file of the package. */
    OWN_PATH,
    /** An open file, or the text of one, at {@link #OWN_PATH}. */
    FILE,
    /** A path in the home folder, the system, or a place that makes code run later. */
    OUTSIDE,
    /** A path naming a credential store. */
    CRED,
    /** A literal long enough and dense enough to be an encoded blob. */
    BLOB,
    /** Text assembled from character codes or reversed: {@code chr(...)}, {@code [::-1]}. */
    ASSEMBLED,
    /** Data read from the network: {@code urlopen(u).read()}, {@code requests.get(u).text}. */
    FETCHED,
    /** Who and where this machine is: host name, user name, working folder, addresses (a beacon's payload). */
    IDENTITY,
    /** A URL or host name of an out-of-band service ({@code OutOfBandHosts}): a collector, not a library's server. */
    OUT_OF_BAND
  }

  static final ValueFacts NONE = new ValueFacts(EnumSet.noneOf(Fact.class), null, null, 0, null, null, null);

  ValueFacts {
    facts = facts.isEmpty() ? EnumSet.noneOf(Fact.class) : EnumSet.copyOf(facts);
  }

  boolean has(Fact fact) {
    return facts.contains(fact);
  }

  boolean isEmpty() {
    return facts.isEmpty();
  }
}
