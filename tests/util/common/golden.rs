//! Expected writer output for [`super::sample_packet`] with padding 0 and toolkit
//! "xmpedit test": the golden file of the compact style (docs/rdf-xml.md,
//! "Writer output").

/// The exact packet text.
pub const GOLDEN: &str = "<?xpacket begin=\"\u{FEFF}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>
<x:xmpmeta xmlns:x=\"adobe:ns:meta/\" x:xmptk=\"xmpedit test\">
 <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">
  <rdf:Description rdf:about=\"\"
    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"
    xmlns:my=\"http://example.com/ns/custom/1.0/\"
    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"
    xmlns:xmpMM=\"http://ns.adobe.com/xap/1.0/mm/\"
    xmlns:stEvt=\"http://ns.adobe.com/xap/1.0/sType/ResourceEvent#\"
    xmlns:Iptc4xmpCore=\"http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/\"
    xmlns:xmpidq=\"http://ns.adobe.com/xmp/Identifier/qual/1.0/\"
    xmlns:xmpRights=\"http://ns.adobe.com/xap/1.0/rights/\"
   xmp:Rating=\"4\"
   xmp:CreatorTool=\"xmpedit &lt;test&gt; &amp; &quot;friends&quot;\"
   my:Note=\"line one&#xA;line two&#x9;tabbed\">
   <dc:title>
    <rdf:Alt>
     <rdf:li xml:lang=\"x-default\">Harbour at dusk</rdf:li>
     <rdf:li xml:lang=\"fr-FR\">Le port au crépuscule</rdf:li>
     <rdf:li xml:lang=\"de\">Hafen in der Dämmerung</rdf:li>
    </rdf:Alt>
   </dc:title>
   <dc:creator>
    <rdf:Seq>
     <rdf:li>Ana Silva</rdf:li>
     <rdf:li>Bo Chen</rdf:li>
    </rdf:Seq>
   </dc:creator>
   <dc:subject>
    <rdf:Bag>
     <rdf:li>harbour</rdf:li>
     <rdf:li>dusk</rdf:li>
     <rdf:li>boats</rdf:li>
    </rdf:Bag>
   </dc:subject>
   <xmpMM:History>
    <rdf:Seq>
     <rdf:li
      stEvt:action=\"created\"
      stEvt:when=\"2024-05-01T10:00:00+02:00\"
      stEvt:softwareAgent=\"xmpedit 0.1\"/>
     <rdf:li
      stEvt:action=\"saved\"
      stEvt:when=\"2024-05-02T11:30:00+02:00\"
      stEvt:softwareAgent=\"xmpedit 0.1\"/>
    </rdf:Seq>
   </xmpMM:History>
   <Iptc4xmpCore:CreatorContactInfo
    Iptc4xmpCore:CiEmailWork=\"ana@example.org\"
    Iptc4xmpCore:CiAdrCity=\"Porto\"/>
   <xmp:Identifier>
    <rdf:Bag>
     <rdf:li rdf:parseType=\"Resource\">
      <rdf:value>978-3-16-148410-0</rdf:value>
      <xmpidq:Scheme>ISBN</xmpidq:Scheme>
     </rdf:li>
    </rdf:Bag>
   </xmp:Identifier>
   <xmpRights:WebStatement rdf:resource=\"https://example.com/licence?a=1&amp;b=2\"/>
   <my:Empty>
    <rdf:Bag/>
   </my:Empty>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end=\"w\"?>";
