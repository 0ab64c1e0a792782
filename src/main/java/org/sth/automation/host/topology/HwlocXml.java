package org.sth.automation.host.topology;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * What {@code lstopo --of xml} (hwloc 2.x/3.x) says about CPUs: each PU's package, core and NUMA node, and the CPU
 * kinds hwloc ranked by efficiency (its {@code cpukind} elements, least efficient first). External entities and
 * DTDs are never loaded.
 */
record HwlocXml(Map<Integer, Pu> pus, List<CpuSet> kinds, CpuSet allowed) {

    /** One processing unit: the Package and Core it is in (os indexes), its core's PUs and its NUMA node. */
    record Pu(int cpu, Integer packageIndex, Integer coreIndex, CpuSet coreCpus, Integer node) {
    }

    static HwlocXml parse(String xml) {
        Map<Integer, Pu> pus = new TreeMap<>();
        List<CpuSet> kinds = new ArrayList<>();
        if (xml == null || xml.isBlank() || !xml.contains("<topology")) {
            return new HwlocXml(pus, kinds, null);
        }
        Document doc;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setExpandEntityReferences(false);
            f.setXIncludeAware(false);
            DocumentBuilder b = f.newDocumentBuilder();
            // report through the exception only (the default handler also prints to stderr)
            b.setErrorHandler(new org.xml.sax.helpers.DefaultHandler() {
                @Override
                public void fatalError(org.xml.sax.SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            doc = b.parse(new InputSource(new StringReader(xml.substring(xml.indexOf("<?xml") < 0 ? 0 : xml.indexOf("<?xml")))));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new IllegalArgumentException("lstopo XML unreadable: " + e.getMessage(), e);
        }
        Element root = doc.getDocumentElement();
        Map<Integer, CpuSet> nodes = new TreeMap<>();
        CpuSet allowed = null;
        for (Element o : children(root, "object")) {
            if ("Machine".equals(o.getAttribute("type")) && o.hasAttribute("allowed_cpuset")) {
                allowed = HwlocBitmap.parse(o.getAttribute("allowed_cpuset"));
            }
        }
        collectNumaNodes(root, nodes);
        walk(root, null, null, null, nodes, pus);
        for (Element k : children(root, "cpukind")) {
            kinds.add(HwlocBitmap.parse(k.getAttribute("cpuset")));
        }
        return new HwlocXml(pus, kinds, allowed);
    }

    private static void collectNumaNodes(Element e, Map<Integer, CpuSet> out) {
        for (Element o : children(e, "object")) {
            Integer index = LscpuParser.intOrNull(o.getAttribute("os_index"));
            if ("NUMANode".equals(o.getAttribute("type")) && index != null) {
                out.put(index, HwlocBitmap.parse(o.getAttribute("cpuset")));
            }
            collectNumaNodes(o, out);
        }
    }

    private static void walk(Element e, Integer pkg, Integer core, CpuSet coreCpus, Map<Integer, CpuSet> numaNodes, Map<Integer, Pu> out) {
        for (Element o : children(e, "object")) {
            String type = o.getAttribute("type");
            Integer index = o.hasAttribute("os_index") ? LscpuParser.intOrNull(o.getAttribute("os_index")) : null;
            switch (type) {
                case "Package" -> walk(o, index, core, coreCpus, numaNodes, out);
                case "Core" -> walk(o, pkg, index, HwlocBitmap.parse(o.getAttribute("cpuset")), numaNodes, out);
                case "PU" -> {
                    if (index != null && index >= 0 && index < 1 << 20) {
                        out.put(index, new Pu(index, pkg, core, coreCpus, nodeOf(index, numaNodes)));
                    }
                }
                default -> walk(o, pkg, core, coreCpus, numaNodes, out);
            }
        }
    }

    private static Integer nodeOf(int cpu, Map<Integer, CpuSet> numaNodes) {
        return numaNodes.entrySet().stream().filter(n -> n.getValue().contains(cpu)).map(Map.Entry::getKey).findFirst().orElse(null);
    }

    private static List<Element> children(Element e, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c && c.getTagName().equals(name)) {
                out.add(c);
            }
        }
        return out;
    }

    boolean isEmpty() {
        return pus.isEmpty();
    }
}
