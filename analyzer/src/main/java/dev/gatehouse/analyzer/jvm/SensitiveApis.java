package dev.gatehouse.analyzer.jvm;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The catalog of JDK (and a few ubiquitous library) APIs whose calls show a capability, feed one, or
 * build the values that do. Lookups are by the owner and name the bytecode names, so a call through a
 * subclass in the jar is matched once {@link ReachableCalls} walks up to the JDK class.
 */
final class SensitiveApis {
  private static final Map<String, ApiRole> BY_OWNER_AND_NAME = catalog();

  /** JDK value types whose results are built from their receiver and arguments. */
  private static final Set<String> DERIVING_OWNERS = Set.of(
      "java/lang/String", "java/lang/StringBuilder", "java/lang/StringBuffer", "java/lang/CharSequence",
      "java/io/File", "java/nio/file/Path", "java/nio/file/Paths", "java/nio/file/FileSystem", "java/net/URI",
      "java/net/URL", "java/util/Arrays", "java/nio/ByteBuffer", "java/io/ByteArrayOutputStream",
      "java/util/Objects", "java/net/http/HttpRequest", "java/net/http/HttpRequest$Builder");

  private SensitiveApis() {}

  static ApiRole roleOf(String owner, String name, String desc) {
    ApiRole role = BY_OWNER_AND_NAME.get(owner + '.' + name);
    if (role != null) {
      return refine(role, owner, name, desc);
    }
    switch (name) {
      case "defineClass", "defineHiddenClass", "defineAnonymousClass":
        // ClassLoader.defineClass is protected, so the bytecode names whichever subclass calls it.
        if (desc.contains("[B") || desc.contains("Ljava/nio/ByteBuffer;")) {
          return ApiRole.CLASS_DEFINITION;
        }
        break;
      case "loadClass":
        if (desc.startsWith("(Ljava/lang/String;") && desc.endsWith(")Ljava/lang/Class;")) {
          return ApiRole.CLASS_LOOKUP;
        }
        break;
      default:
        break;
    }
    return DERIVING_OWNERS.contains(owner) ? ApiRole.DERIVE : ApiRole.NONE;
  }

  /** Constructors and overloads that only look like what their name says. */
  private static ApiRole refine(ApiRole role, String owner, String name, String desc) {
    if (name.equals("<init>")) {
      switch (owner) {
        case "java/net/Socket":
          // new Socket() and new Socket(Proxy) connect to nothing yet; connect() is caught on its own.
          return desc.equals("()V") || desc.equals("(Ljava/net/Proxy;)V") ? ApiRole.NONE : role;
        case "java/net/ServerSocket":
          return desc.equals("()V") ? ApiRole.NONE : role;
        case "java/net/InetSocketAddress":
          return desc.equals("(Ljava/lang/String;I)V") ? role : ApiRole.NONE;
        case "java/io/PrintWriter", "java/io/PrintStream":
          return desc.startsWith("(Ljava/lang/String;") || desc.startsWith("(Ljava/io/File;") ? role : ApiRole.NONE;
        default:
          return role;
      }
    }
    if (name.equals("createSocket") && desc.startsWith("()")) {
      return ApiRole.NONE;
    }
    if (owner.equals("java/nio/channels/SocketChannel") && name.equals("open") && desc.startsWith("()")) {
      return ApiRole.NONE;
    }
    return role;
  }

  private static Map<String, ApiRole> catalog() {
    Map<String, ApiRole> c = new HashMap<>();
    put(c, ApiRole.PROCESS_SPAWN, "java/lang/Runtime", "exec");
    put(c, ApiRole.PROCESS_SPAWN, "java/lang/ProcessBuilder", "start", "startPipeline");
    put(c, ApiRole.PROCESS_SPAWN, "org/apache/commons/exec/Executor", "execute");
    put(c, ApiRole.PROCESS_SPAWN, "org/apache/commons/exec/DefaultExecutor", "execute");
    // Maven plugins spawn processes through plexus-utils and maven-shared-utils.
    put(c, ApiRole.PROCESS_SPAWN, "org/codehaus/plexus/util/cli/CommandLineUtils",
        "executeCommandLine", "executeCommandLineAsCallable");
    put(c, ApiRole.PROCESS_SPAWN, "org/codehaus/plexus/util/cli/Commandline", "execute");
    put(c, ApiRole.PROCESS_SPAWN, "org/apache/maven/shared/utils/cli/CommandLineUtils",
        "executeCommandLine", "executeCommandLineAsCallable");
    put(c, ApiRole.PROCESS_SPAWN, "org/apache/maven/shared/utils/cli/Commandline", "execute");
    put(c, ApiRole.PROCESS_SPAWN, "org/zeroturnaround/exec/ProcessExecutor", "execute", "executeNoTimeout", "start");

    put(c, ApiRole.URL_OPEN, "java/net/URL", "openConnection", "openStream", "getContent");
    put(c, ApiRole.URL_OPEN, "java/net/URLConnection", "connect", "getInputStream", "getOutputStream", "getContent");
    put(c, ApiRole.NETWORK, "java/net/HttpURLConnection",
        "connect", "getInputStream", "getOutputStream", "getResponseCode", "getContent");
    put(c, ApiRole.NETWORK, "javax/net/ssl/HttpsURLConnection",
        "connect", "getInputStream", "getOutputStream", "getResponseCode", "getContent");
    put(c, ApiRole.NETWORK, "java/net/Socket", "<init>", "connect");
    put(c, ApiRole.NETWORK, "javax/net/ssl/SSLSocket", "connect");
    put(c, ApiRole.NETWORK, "javax/net/SocketFactory", "createSocket");
    put(c, ApiRole.NETWORK, "javax/net/ssl/SSLSocketFactory", "createSocket");
    put(c, ApiRole.NETWORK, "java/nio/channels/SocketChannel", "open", "connect");
    put(c, ApiRole.NETWORK, "java/nio/channels/AsynchronousSocketChannel", "connect");
    put(c, ApiRole.NETWORK, "java/nio/channels/DatagramChannel", "send", "connect");
    put(c, ApiRole.NETWORK, "java/net/DatagramSocket", "send", "connect");
    put(c, ApiRole.NETWORK, "java/net/MulticastSocket", "send", "joinGroup");
    put(c, ApiRole.NETWORK, "java/net/ServerSocket", "<init>", "bind");
    put(c, ApiRole.NETWORK, "java/nio/channels/ServerSocketChannel", "bind");
    put(c, ApiRole.NETWORK, "java/net/http/HttpClient", "send", "sendAsync");
    put(c, ApiRole.NETWORK, "okhttp3/OkHttpClient", "newCall");
    put(c, ApiRole.NETWORK, "okhttp3/Call", "execute", "enqueue");
    put(c, ApiRole.NETWORK, "org/apache/http/client/HttpClient", "execute");
    put(c, ApiRole.NETWORK, "org/apache/http/impl/client/CloseableHttpClient", "execute");
    put(c, ApiRole.NETWORK, "org/apache/hc/client5/http/classic/HttpClient", "execute", "executeOpen");
    put(c, ApiRole.NETWORK, "org/apache/hc/client5/http/impl/classic/CloseableHttpClient", "execute", "executeOpen");
    put(c, ApiRole.NETWORK, "org/apache/hc/client5/http/async/HttpAsyncClient", "execute");

    put(c, ApiRole.DNS, "java/net/InetAddress",
        "getByName", "getAllByName", "getLocalHost", "getCanonicalHostName", "getHostName");
    put(c, ApiRole.DNS, "java/net/InetSocketAddress", "<init>");

    put(c, ApiRole.ENVIRONMENT, "java/lang/System", "getenv");
    put(c, ApiRole.SYSTEM_PROPERTY, "java/lang/System", "getProperty");

    put(c, ApiRole.NATIVE_LOAD, "java/lang/System", "load", "loadLibrary");
    put(c, ApiRole.NATIVE_LOAD, "java/lang/Runtime", "load", "loadLibrary");
    put(c, ApiRole.NATIVE_LOAD, "com/sun/jna/Native", "load", "loadLibrary", "register");
    put(c, ApiRole.NATIVE_LOAD, "jnr/ffi/LibraryLoader", "load");

    put(c, ApiRole.CLASS_LOADER, "java/net/URLClassLoader", "<init>", "newInstance");
    put(c, ApiRole.SCRIPT_EVAL, "javax/script/ScriptEngine", "eval");
    put(c, ApiRole.SCRIPT_EVAL, "javax/script/AbstractScriptEngine", "eval");
    put(c, ApiRole.SCRIPT_EVAL, "javax/script/Compilable", "compile");
    put(c, ApiRole.SCRIPT_EVAL, "groovy/lang/GroovyShell", "evaluate", "parse", "run");
    put(c, ApiRole.SCRIPT_EVAL, "groovy/lang/GroovyClassLoader", "parseClass");
    put(c, ApiRole.SCRIPT_EVAL, "org/mozilla/javascript/Context", "evaluateString", "compileString");
    put(c, ApiRole.SCRIPT_EVAL, "jdk/jshell/JShell", "eval");
    for (String context : new String[] {"javax/naming/Context", "javax/naming/InitialContext",
        "javax/naming/directory/DirContext", "javax/naming/directory/InitialDirContext",
        "javax/naming/ldap/InitialLdapContext"}) {
      put(c, ApiRole.JNDI_LOOKUP, context, "lookup", "lookupLink");
    }

    put(c, ApiRole.CLASS_LOOKUP, "java/lang/Class", "forName");
    put(c, ApiRole.MEMBER_LOOKUP, "java/lang/Class",
        "getMethod", "getDeclaredMethod", "getField", "getDeclaredField");
    put(c, ApiRole.MEMBER_LOOKUP, "java/lang/invoke/MethodHandles$Lookup",
        "findStatic", "findVirtual", "findSpecial", "findGetter", "findStaticGetter");
    put(c, ApiRole.REFLECTIVE_INVOKE, "java/lang/reflect/Method", "invoke");
    put(c, ApiRole.REFLECTIVE_INVOKE, "java/lang/invoke/MethodHandle", "invoke", "invokeExact", "invokeWithArguments");

    put(c, ApiRole.DECODE, "java/util/Base64$Decoder", "decode");
    put(c, ApiRole.DECODE, "java/util/HexFormat", "parseHex");
    put(c, ApiRole.DECODE, "javax/xml/bind/DatatypeConverter", "parseBase64Binary", "parseHexBinary");
    put(c, ApiRole.DECODE, "jakarta/xml/bind/DatatypeConverter", "parseBase64Binary", "parseHexBinary");
    put(c, ApiRole.DECODE, "sun/misc/BASE64Decoder", "decodeBuffer");
    put(c, ApiRole.DECODE, "org/apache/commons/codec/binary/Base64", "decodeBase64", "decode");
    put(c, ApiRole.DECODE, "org/apache/commons/codec/binary/Hex", "decodeHex");
    put(c, ApiRole.DECODE, "org/bouncycastle/util/encoders/Base64", "decode");
    put(c, ApiRole.DECODE, "org/bouncycastle/util/encoders/Hex", "decode");
    put(c, ApiRole.DECODE, "com/google/common/io/BaseEncoding", "decode");

    put(c, ApiRole.FILE_READ, "java/io/FileInputStream", "<init>");
    put(c, ApiRole.FILE_READ, "java/io/FileReader", "<init>");
    put(c, ApiRole.FILE_READ, "java/io/RandomAccessFile", "<init>");
    put(c, ApiRole.FILE_READ, "java/util/Scanner", "<init>");
    put(c, ApiRole.FILE_READ, "java/nio/channels/FileChannel", "open");
    put(c, ApiRole.FILE_READ, "java/nio/file/Files", "readAllBytes", "readString", "readAllLines", "lines",
        "newInputStream", "newBufferedReader", "newByteChannel");

    put(c, ApiRole.FILE_WRITE, "java/io/FileOutputStream", "<init>");
    put(c, ApiRole.FILE_WRITE, "java/io/FileWriter", "<init>");
    put(c, ApiRole.FILE_WRITE, "java/io/PrintWriter", "<init>");
    put(c, ApiRole.FILE_WRITE, "java/io/PrintStream", "<init>");
    put(c, ApiRole.FILE_WRITE, "java/nio/file/Files", "write", "writeString", "newOutputStream",
        "newBufferedWriter", "copy", "move", "createFile", "createSymbolicLink", "createLink",
        "setPosixFilePermissions");
    // Creating a folder (a cache under the home folder, a temp dir) writes nothing that could run.
    put(c, ApiRole.FILE_WRITE, "java/io/File", "createNewFile", "renameTo", "setExecutable");

    put(c, ApiRole.CALLBACK_RUNNER, "java/lang/Thread", "start", "startVirtualThread");
    put(c, ApiRole.CALLBACK_RUNNER, "java/lang/Thread$Builder", "start");
    put(c, ApiRole.CALLBACK_RUNNER, "java/lang/Runtime", "addShutdownHook");
    put(c, ApiRole.CALLBACK_RUNNER, "java/security/AccessController", "doPrivileged", "doPrivilegedWithCombiner");
    put(c, ApiRole.CALLBACK_RUNNER, "java/util/Timer", "schedule", "scheduleAtFixedRate");
    put(c, ApiRole.CALLBACK_RUNNER, "java/util/concurrent/CompletableFuture", "runAsync", "supplyAsync");
    for (String executor : new String[] {"java/util/concurrent/Executor", "java/util/concurrent/ExecutorService",
        "java/util/concurrent/ScheduledExecutorService", "java/util/concurrent/ThreadPoolExecutor",
        "java/util/concurrent/ScheduledThreadPoolExecutor", "java/util/concurrent/ForkJoinPool"}) {
      put(c, ApiRole.CALLBACK_RUNNER, executor, "execute", "submit", "invoke", "invokeAll", "invokeAny",
          "schedule", "scheduleAtFixedRate", "scheduleWithFixedDelay");
    }

    // Calling a functional interface runs whatever callback the same method created.
    put(c, ApiRole.CALLBACK_RUNNER, "java/lang/Runnable", "run");
    put(c, ApiRole.CALLBACK_RUNNER, "java/util/concurrent/Callable", "call");
    put(c, ApiRole.CALLBACK_RUNNER, "java/util/function/Supplier", "get");
    put(c, ApiRole.CALLBACK_RUNNER, "java/util/function/Function", "apply");
    put(c, ApiRole.CALLBACK_RUNNER, "java/util/function/BiFunction", "apply");
    put(c, ApiRole.CALLBACK_RUNNER, "java/util/function/Consumer", "accept");
    put(c, ApiRole.CALLBACK_RUNNER, "java/util/function/BiConsumer", "accept");
    put(c, ApiRole.CALLBACK_RUNNER, "java/util/function/Predicate", "test");

    put(c, ApiRole.APPEND, "java/lang/StringBuilder", "append", "insert");
    put(c, ApiRole.APPEND, "java/lang/StringBuffer", "append", "insert");
    put(c, ApiRole.APPEND, "java/io/ByteArrayOutputStream", "write", "writeBytes");
    return Map.copyOf(c);
  }

  private static void put(Map<String, ApiRole> catalog, ApiRole role, String owner, String... names) {
    for (String name : names) {
      catalog.put(owner + '.' + name, role);
    }
  }
}
