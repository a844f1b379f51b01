package io.github.gchatappender.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The BOM manages every published artifact of this build, at the build's version, and nothing else. */
class BomTest {

    @Test
    void theBomNamesEveryPublishedArtifactAndNoOther() throws Exception {
        Path bom = ReadmeBlocks.projectRoot().resolve("bom").resolve("pom.xml");
        Element project = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(bom.toFile())
                .getDocumentElement();
        String version =
                text(project, "version").replaceFirst("-SNAPSHOT$", ""); // As BuildModules.published() gives it.
        Set<String> managed = new TreeSet<>();
        NodeList dependencies = project.getElementsByTagName("dependency");
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element dependency = (Element) dependencies.item(i);
            managed.add(text(dependency, "groupId") + ":" + text(dependency, "artifactId") + ":"
                    + text(dependency, "version").replace("${project.version}", version));
        }
        Set<String> published = new TreeSet<>(ReadmeSnippetsTest.BuildModules.published());
        published.remove(text(project, "groupId") + ":" + text(project, "artifactId") + ":" + version);

        assertThat(project.getElementsByTagName("parent").getLength())
                .as("a parent would import the build's third-party versions along with the BOM")
                .isZero();
        assertThat(managed).isEqualTo(published);
    }

    private static String text(Element parent, String name) {
        NodeList children = parent.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element
                    && ((Element) children.item(i)).getTagName().equals(name)) {
                return children.item(i).getTextContent().trim();
            }
        }
        throw new AssertionError("no <" + name + "> in <" + parent.getTagName() + ">");
    }
}
