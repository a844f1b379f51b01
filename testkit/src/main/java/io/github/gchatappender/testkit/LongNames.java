package io.github.gchatappender.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Names longer than an appender keeps: the class name of an exception cannot be made that long in
 * source (a class file's name is a file name), so one is defined at run time, a copy of
 * {@link RenamedException} whose name in the constant pool is replaced.
 */
public final class LongNames {

    private LongNames() {}

    /**
     * A {@link RuntimeException} of a class whose simple name has {@code simpleNameChars} characters,
     * in this package, with {@code message}.
     */
    public static RuntimeException exceptionNamed(int simpleNameChars, String message) {
        String template = RenamedException.class.getName();
        String name = template.substring(0, template.lastIndexOf('.') + 1) + "E".repeat(simpleNameChars);
        byte[] bytes = replaceUtf8(classBytes(RenamedException.class), internal(template), internal(name));
        Class<?> renamed = new ClassLoader(LongNames.class.getClassLoader()) {
            Class<?> define() {
                return defineClass(name, bytes, 0, bytes.length);
            }
        }.define();
        try {
            return (RuntimeException) renamed.getConstructor(String.class).newInstance(message);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot instantiate the renamed exception", e);
        }
    }

    private static String internal(String className) {
        return className.replace('.', '/');
    }

    private static byte[] classBytes(Class<?> type) {
        try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The class file with its one CONSTANT_Utf8 entry {@code from} (tag 1, length, bytes) replaced by {@code to}. */
    private static byte[] replaceUtf8(byte[] classFile, String from, String to) {
        byte[] entry = utf8Entry(from);
        for (int i = 0; i + entry.length <= classFile.length; i++) {
            if (startsAt(classFile, i, entry)) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.write(classFile, 0, i);
                out.writeBytes(utf8Entry(to));
                out.write(classFile, i + entry.length, classFile.length - i - entry.length);
                return out.toByteArray();
            }
        }
        throw new IllegalStateException("no constant " + from + " in the class file");
    }

    private static byte[] utf8Entry(String s) {
        byte[] text = s.getBytes(StandardCharsets.UTF_8);
        byte[] entry = new byte[3 + text.length];
        entry[0] = 1;
        entry[1] = (byte) (text.length >>> 8);
        entry[2] = (byte) text.length;
        System.arraycopy(text, 0, entry, 3, text.length);
        return entry;
    }

    private static boolean startsAt(byte[] bytes, int at, byte[] part) {
        for (int j = 0; j < part.length; j++) {
            if (bytes[at + j] != part[j]) {
                return false;
            }
        }
        return true;
    }
}
