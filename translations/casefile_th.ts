<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="th_TH">
<context>
    <name>ArchiveController</name>
    <message>
        <location filename="../ui/archives.py" line="51"/>
        <source>Casefile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archives.py" line="52"/>
        <source>Casefile is still working in this archive (importing, searching or exporting). Wait for it to finish, or cancel it, then open the other archive.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archives.py" line="104"/>
        <source>&amp;Open archive…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archives.py" line="108"/>
        <source>&amp;Recent archives</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archives.py" line="111"/>
        <source>&amp;Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archives.py" line="123"/>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archives.py" line="124"/>
        <source>Make the &amp;sample case</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archives.py" line="141"/>
        <source>No other archives yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/archives.py" line="147"/>
        <source>Open an archive folder (or an empty folder for a new archive)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BatchSearchDialog</name>
    <message>
        <location filename="../ui/batch_search.py" line="193"/>
        <source>Batch search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/batch_search.py" line="204"/>
        <source>One name, phone number, wallet or query per line, e.g.
Zhao Wei
081-234-5678
TQ7xkAqr93
recruit* AND Bangkok

A plain line is searched as an exact phrase; lines starting with # are skipped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/batch_search.py" line="207"/>
        <source>Load from file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/batch_search.py" line="212"/>
        <source>Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/batch_search.py" line="216"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/batch_search.py" line="222"/>
        <source>Paste or load the lines to search, then press Search.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/batch_search.py" line="240"/>
        <source>Double-click a line to search it in the main window.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/batch_search.py" line="242"/>
        <source>Export CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/batch_search.py" line="245"/>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/batch_search.py" line="251"/>
        <source>Search in:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/batch_search.py" line="278"/>
        <source>All cases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/batch_search.py" line="295"/>
        <source>There is nothing to search: paste or load some lines.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/batch_search.py" line="307"/>
        <source>Searching {n} lines…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/batch_search.py" line="318"/>
        <source>Cancelling…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/batch_search.py" line="345"/>
        <source>Something went wrong — details in the log.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/batch_search.py" line="364"/>
        <source>Load a list to search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/batch_search.py" line="365"/>
        <source>Text or CSV files (*.txt *.csv *.tsv *.list);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/batch_search.py" line="378"/>
        <source>{n} lines to search. Press Search.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/batch_search.py" line="382"/>
        <source>Export the hits as CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/batch_search.py" line="383"/>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/batch_search.py" line="394"/>
        <source>Wrote the hits of {n} lines to {path}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CaseDialog</name>
    <message>
        <location filename="../ui/dialogs.py" line="29"/>
        <source>Import into which case?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dialogs.py" line="34"/>
        <source>Choose a case or type a new title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dialogs.py" line="35"/>
        <source>Case:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dialogs.py" line="38"/>
        <source>New case</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dialogs.py" line="40"/>
        <source>e.g. KK Park 2024</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dialogs.py" line="42"/>
        <source>Title:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/dialogs.py" line="43"/>
        <source>Summary:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChangePassphraseDialog</name>
    <message>
        <location filename="../ui/unlock_dialog.py" line="135"/>
        <source>Change the passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/unlock_dialog.py" line="139"/>
        <source>Current passphrase:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CiteDialog</name>
    <message>
        <location filename="../ui/cite_dialog.py" line="118"/>
        <source>Cite as event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/cite_dialog.py" line="129"/>
        <source>A new event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/cite_dialog.py" line="130"/>
        <source>A source of an event already on the timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/cite_dialog.py" line="140"/>
        <source>e.g. 12 March 2024, 2024-03, early 2023</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/cite_dialog.py" line="143"/>
        <source>empty: a single day (or month, or year)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/cite_dialog.py" line="146"/>
        <source>(no place)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/cite_dialog.py" line="156"/>
        <source>The date as this source gives it. Sources that state dates which cannot both be true make the event disputed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/cite_dialog.py" line="163"/>
        <source>Cite</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/cite_dialog.py" line="168"/>
        <source>Selected:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/cite_dialog.py" line="169"/>
        <source>Case:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/cite_dialog.py" line="171"/>
        <source>What happened:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/cite_dialog.py" line="172"/>
        <source>When:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/cite_dialog.py" line="173"/>
        <source>Until:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/cite_dialog.py" line="174"/>
        <source>Where:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/cite_dialog.py" line="176"/>
        <source>Event:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/cite_dialog.py" line="177"/>
        <source>Date as the source states it:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/cite_dialog.py" line="215"/>
        <source>This item is in no case: add it to a case first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/cite_dialog.py" line="217"/>
        <source>Say in a few words what happened.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/cite_dialog.py" line="219"/>
        <source>When did it happen? No date was found in the words.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/cite_dialog.py" line="225"/>
        <source>A new event on {when}; the words are its source.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/cite_dialog.py" line="228"/>
        <source>The words become another source of this event.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/cite_dialog.py" line="233"/>
        <source> The source says: {d}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Citer</name>
    <message>
        <location filename="../ui/cite_dialog.py" line="309"/>
        <source>New event “{t}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/cite_dialog.py" line="310"/>
        <source>Cite a source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/cite_dialog.py" line="318"/>
        <source>“{title}” ({when}) is on the timeline of {case}, with {n} source(s).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <location filename="../ui/crash.py" line="38"/>
        <source>Casefile ran into a problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/crash.py" line="41"/>
        <source>&lt;b&gt;Something went wrong inside Casefile.&lt;/b&gt; This is a mistake in the program, not something you did.&lt;br&gt;&lt;br&gt;Your evidence is safe: the archive saves each action the moment it is done, so nothing you imported, tagged or wrote before this is lost. You can keep working; if something looks wrong, close Casefile and open it again.&lt;br&gt;&lt;br&gt;To help fix it, copy the details below and send them to whoever supports your Casefile.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/crash.py" line="48"/>
        <source>The details are also in the log file:
{path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/crash.py" line="49"/>
        <source>No log file is open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/crash.py" line="57"/>
        <source>Copy details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/crash.py" line="68"/>
        <source>Copied</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EntitiesPanel</name>
    <message>
        <location filename="../ui/entity_panel.py" line="86"/>
        <source>All types</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/entity_panel.py" line="92"/>
        <source>Filter names</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/entity_panel.py" line="123"/>
        <source>No entities yet. Select words in an item&apos;s text and press &lt;b&gt;Ctrl+T&lt;/b&gt; (&lt;b&gt;Tag as entity…&lt;/b&gt;) to tag a person, place, phone number or wallet; detectors suggest numbers, e-mails and wallets when evidence comes in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/entity_panel.py" line="127"/>
        <source>No entities of this type.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/entity_panel.py" line="166"/>
        <source>Open its page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/entity_panel.py" line="169"/>
        <source>Merge “{a}” into “{b}”…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/entity_panel.py" line="171"/>
        <source>Merge “{b}” into “{a}”…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/entity_panel.py" line="174"/>
        <location filename="../ui/entity_panel.py" line="190"/>
        <source>Merge into…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/entity_panel.py" line="175"/>
        <source>Rename…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/entity_panel.py" line="177"/>
        <source>Delete…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/entity_panel.py" line="191"/>
        <source>Fold “{name}” into which entity?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/entity_panel.py" line="198"/>
        <source>Merge “{other}” into “{keep}”?

Its {n} mentions ({c} confirmed), its name and aliases, notes and sources move to “{keep}”; “{other}” is then deleted. Nothing else is lost, and the custody log records the merge.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/entity_panel.py" line="208"/>
        <source>Merge entities</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/entity_panel.py" line="217"/>
        <source>Merged into {name}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/entity_panel.py" line="227"/>
        <source>Rename entity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/entity_panel.py" line="228"/>
        <source>New name of {name} (the old one stays as an alias):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/entity_panel.py" line="251"/>
        <source>Delete entity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/entity_panel.py" line="252"/>
        <source>Delete “{name}” ({type}) and its {n} mentions? The evidence is not touched; the custody log records the deletion.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/entity_panel.py" line="262"/>
        <source>Entity deleted with {n} mentions.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EntityPageDialog</name>
    <message>
        <location filename="../ui/entity_page.py" line="83"/>
        <location filename="../ui/entity_page.py" line="201"/>
        <source>Reveal name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/entity_page.py" line="85"/>
        <source>Show the real name and aliases of this protected person here, until this page is closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/entity_page.py" line="98"/>
        <source>Right-click an alias to make it an entity of its own</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/entity_page.py" line="102"/>
        <source>Protected (victim or witness): shown everywhere by a pseudonym</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/entity_page.py" line="108"/>
        <source>Notes on this entity (kept in the archive)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/entity_page.py" line="110"/>
        <source>Save notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/entity_page.py" line="115"/>
        <source>Where and what</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/entity_page.py" line="115"/>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/entity_page.py" line="116"/>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/entity_page.py" line="129"/>
        <source>Type:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/entity_page.py" line="130"/>
        <source>Also called:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/entity_page.py" line="131"/>
        <source>Appears:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/entity_page.py" line="136"/>
        <source>Notes:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/entity_page.py" line="144"/>
        <source>&lt;b&gt;Seen with&lt;/b&gt; (items shared)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/entity_page.py" line="150"/>
        <source>&lt;b&gt;Mentions&lt;/b&gt; by case and item — double-click one to read it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/entity_page.py" line="158"/>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/entity_page.py" line="188"/>
        <source>This entity no longer exists (merged or deleted).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/entity_page.py" line="198"/>
        <source>Entity — {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/entity_page.py" line="201"/>
        <source>Hide name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/entity_page.py" line="215"/>
        <source>Double-click to open its page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/entity_page.py" line="222"/>
        <source>hidden (protected)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/entity_page.py" line="238"/>
        <source>no dated item yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/entity_page.py" line="240"/>
        <source>on {d}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/entity_page.py" line="241"/>
        <source>first {a}, last {b}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/entity_page.py" line="254"/>
        <source>{title} · graded {grade}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/entity_page.py" line="265"/>
        <source>p. {page}: {snippet}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/entity_page.py" line="273"/>
        <source>No mentions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/entity_page.py" line="298"/>
        <source>Protect {name}? Everywhere outside this page (panels, search, facets, exports) the entity is then shown by a pseudonym such as W-017, kept for good.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/entity_page.py" line="303"/>
        <source>Stop protecting {name}? The real name is then shown in the window, in search facets and in exports.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/entity_page.py" line="305"/>
        <source>Protected person</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/entity_page.py" line="340"/>
        <source>Split “{alias}” off as an entity of its own…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/entity_page.py" line="347"/>
        <source>Make “{alias}” an entity of its own?

It stops being an alias of “{name}”; a new entity of the same type is made with that name, and the mentions that read “{alias}” move to it. The custody log records the split.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/entity_page.py" line="353"/>
        <source>Split an alias</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EventDialog</name>
    <message>
        <location filename="../ui/event_dialog.py" line="49"/>
        <source>Change event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/event_dialog.py" line="55"/>
        <source>3 January 2024, March 2024, early 2023…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/event_dialog.py" line="58"/>
        <source>empty: a single date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/event_dialog.py" line="68"/>
        <source>Change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/event_dialog.py" line="72"/>
        <source>What happened:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/event_dialog.py" line="73"/>
        <source>When:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/event_dialog.py" line="74"/>
        <source>Until:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/event_dialog.py" line="75"/>
        <source>Details:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/event_dialog.py" line="91"/>
        <source>Say in a few words what happened.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/event_dialog.py" line="96"/>
        <source>It ends before it starts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/event_dialog.py" line="102"/>
        <source>Ctrl+Z in the window puts the event back as it was.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GradeDialog</name>
    <message>
        <location filename="../ui/grade_dialog.py" line="37"/>
        <source>Grade the source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/grade_dialog.py" line="42"/>
        <source>Who gave it: an NGO, an outlet, W-017</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/grade_dialog.py" line="58"/>
        <source>&lt;b&gt;{title}&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/grade_dialog.py" line="59"/>
        <source>Source:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/grade_dialog.py" line="60"/>
        <source>Reliability of the source:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/grade_dialog.py" line="61"/>
        <source>Credibility of this item:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ImportForm</name>
    <message>
        <location filename="../ui/import_form.py" line="47"/>
        <source>Import into which case?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/import_form.py" line="52"/>
        <source> and {n} more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/import_form.py" line="53"/>
        <source>Bringing in: {names}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/import_form.py" line="61"/>
        <source>Choose a case or type a new title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/import_form.py" line="65"/>
        <source>e.g. interview in Mae Sot, Facebook group &apos;Jobs Thailand&apos;, a partner NGO</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/import_form.py" line="70"/>
        <source>2024-03-12, 2024-03 or 2024</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/import_form.py" line="73"/>
        <source>How and why these were collected, consent…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/import_form.py" line="75"/>
        <source>Case:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/import_form.py" line="76"/>
        <source>Source:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/import_form.py" line="77"/>
        <source>Collected by:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/import_form.py" line="78"/>
        <source>Collected on:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/import_form.py" line="79"/>
        <source>Notes:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/import_form.py" line="88"/>
        <source>Import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/import_form.py" line="106"/>
        <source>Choose the case these files belong to, or type a new title.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ImportLog</name>
    <message>
        <location filename="../ui/import_panel.py" line="150"/>
        <source>No import yet. Drop files here, or use File → Import.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/import_panel.py" line="153"/>
        <source>Retry failed files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/import_panel.py" line="156"/>
        <source>Import again only the files that failed or were not read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/import_panel.py" line="163"/>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/import_panel.py" line="163"/>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/import_panel.py" line="163"/>
        <source>Why</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/import_panel.py" line="177"/>
        <source>Importing into “{case}”…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/import_panel.py" line="182"/>
        <source>read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/import_panel.py" line="185"/>
        <source>{done} of {total} files read…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/import_panel.py" line="191"/>
        <source>The import into “{case}” stopped: {why}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/import_panel.py" line="206"/>
        <source>already in the archive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/import_panel.py" line="207"/>
        <source>skipped</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ImportPanel</name>
    <message>
        <location filename="../ui/import_panel.py" line="92"/>
        <location filename="../ui/import_panel.py" line="106"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/import_panel.py" line="103"/>
        <source>Importing into “{case}”…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/import_panel.py" line="115"/>
        <source>Importing {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/import_panel.py" line="122"/>
        <source>Cancelling…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Importer</name>
    <message>
        <location filename="../ui/import_panel.py" line="258"/>
        <source>An import is already running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/import_panel.py" line="303"/>
        <source>Cancelling the import…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ItemViewer</name>
    <message>
        <location filename="../ui/viewer.py" line="91"/>
        <location filename="../ui/viewer.py" line="199"/>
        <source>No item selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/viewer.py" line="109"/>
        <source>Select an item or a search result to read it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/viewer.py" line="165"/>
        <source>Previous page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/viewer.py" line="167"/>
        <source>Next page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/viewer.py" line="171"/>
        <source>Zoom out (Ctrl+wheel)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/viewer.py" line="173"/>
        <source>Fit width</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/viewer.py" line="173"/>
        <source>Fit the page to the width</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/viewer.py" line="175"/>
        <source>Zoom in (Ctrl+wheel)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/viewer.py" line="177"/>
        <source>Show OCR boxes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/viewer.py" line="209"/>
        <source>Loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/viewer.py" line="269"/>
        <source>Page {n} of {m}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/viewer.py" line="285"/>
        <source>Drawing page {n}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/viewer.py" line="306"/>
        <location filename="../ui/viewer.py" line="314"/>
        <source>No picture of this page could be drawn.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/viewer.py" line="324"/>
        <source>Outline each word OCR read: blue when sure, red when unsure.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/viewer.py" line="327"/>
        <source>This page was not read by OCR (its text came from the file itself).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/viewer.py" line="363"/>
        <source>Select some words of one page in the text first, then tag them (Ctrl+T).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/viewer.py" line="373"/>
        <source>Select the words of one page that tell what happened, then choose “Cite as event…” (Ctrl+Shift+T).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../ui/main_window.py" line="89"/>
        <source>Casefile — {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="171"/>
        <source>Search results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="172"/>
        <source>Suggestions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="174"/>
        <source>Names, numbers and wallets found by the detectors: confirm or reject them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="143"/>
        <source>No evidence here yet. Use &lt;b&gt;Import files…&lt;/b&gt; or &lt;b&gt;Import folder…&lt;/b&gt; above, or drop files and folders on this window, to bring in testimonies, articles, screenshots and PDFs; &lt;b&gt;Ctrl+V&lt;/b&gt; pastes a screenshot.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="154"/>
        <source>Filter the list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="156"/>
        <source>Keep only the rows with this word in a column: title, kind, language, tags…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="209"/>
        <source>Work running in the background: importing, reading, searching, exporting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="226"/>
        <source>Panels put back in their first places.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="236"/>
        <source>1 background task</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="237"/>
        <source>{n} background tasks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="267"/>
        <source>Something went wrong — details in the log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="269"/>
        <source>Something went wrong — details in the log:
{path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="273"/>
        <source>Casefile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="287"/>
        <source>The archive was changed by another program: the lists are up to date.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="330"/>
        <source>Case “{t}” created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="373"/>
        <source>Choose an item to grade first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="378"/>
        <source>Item graded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="431"/>
        <source>Import files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="436"/>
        <source>Import a folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="445"/>
        <source>An import is already running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.py" line="475"/>
        <source>Stopping background work before closing…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NewPassphraseDialog</name>
    <message>
        <location filename="../ui/unlock_dialog.py" line="89"/>
        <source>New encrypted archive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/unlock_dialog.py" line="92"/>
        <source>Everything in the archive will be encrypted with this passphrase. Without it nobody — you included — can open the archive: write it down somewhere safe. Several words are easier to remember and harder to guess.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/unlock_dialog.py" line="99"/>
        <source>Passphrase:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/unlock_dialog.py" line="100"/>
        <source>Again:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/unlock_dialog.py" line="119"/>
        <source>At least {n} characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/unlock_dialog.py" line="121"/>
        <source>The two passphrases differ.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PageView</name>
    <message>
        <location filename="../ui/page_view.py" line="177"/>
        <source>Cited: “{words}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/page_view.py" line="201"/>
        <source>{type}: {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/page_view.py" line="211"/>
        <source>“{word}” — confidence {c:.0f}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/page_view.py" line="221"/>
        <source>Search match: “{word}”</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SampleOffer</name>
    <message>
        <location filename="../ui/first_run.py" line="55"/>
        <source>Welcome to Casefile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/first_run.py" line="56"/>
        <source>Open a sample case to see how Casefile works?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/first_run.py" line="60"/>
        <source>Casefile will make a small fictional case — a testimony, a news article and chat screenshots in English, Thai, Burmese and Chinese — and import it like your own files: read with OCR, searchable, with people, places, tags and a timeline. You can delete it later, or ignore it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/first_run.py" line="80"/>
        <location filename="../ui/first_run.py" line="101"/>
        <source>Making the sample case…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/first_run.py" line="80"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/first_run.py" line="82"/>
        <source>Sample case</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/first_run.py" line="100"/>
        <source>Making the sample case: {what}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SaveSearchDialog</name>
    <message>
        <location filename="../ui/saved_searches.py" line="142"/>
        <source>Save search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/saved_searches.py" line="149"/>
        <source>Only items of the case “{case}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/saved_searches.py" line="150"/>
        <source>Only items of one case (select a case first)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/saved_searches.py" line="153"/>
        <source>Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/saved_searches.py" line="154"/>
        <source>Query:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SavedSearchPanel</name>
    <message>
        <location filename="../ui/saved_searches.py" line="190"/>
        <source>No saved searches yet. Search, then &lt;b&gt;Save search…&lt;/b&gt; (Ctrl+S) to keep the query and see here how many new items match it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/saved_searches.py" line="252"/>
        <source>Rename saved search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/saved_searches.py" line="252"/>
        <source>New name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/saved_searches.py" line="258"/>
        <source>Delete saved search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/saved_searches.py" line="259"/>
        <source>Delete the saved search “{name}”? The evidence it finds is not touched.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/saved_searches.py" line="275"/>
        <source>Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/saved_searches.py" line="276"/>
        <source>Rename…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/saved_searches.py" line="277"/>
        <source>Delete…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SearchMixin</name>
    <message>
        <location filename="../ui/search_features.py" line="46"/>
        <source>Search all items as you type: words, &quot;a phrase&quot;, name*, AND / OR / NOT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/search_features.py" line="54"/>
        <source>Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/search_features.py" line="58"/>
        <source>Save search…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/search_features.py" line="61"/>
        <source>Keep this query under a name, to run again and see what is new (Ctrl+S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/search_features.py" line="63"/>
        <source>How to search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/search_features.py" line="65"/>
        <source>◀ Hit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/search_features.py" line="67"/>
        <source>Hit ▶</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/search_features.py" line="99"/>
        <source>Type words in the search box: results show as you type.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/search_features.py" line="101"/>
        <source>Searching for “{q}”…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/search_features.py" line="127"/>
        <source>The search failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/search_features.py" line="147"/>
        <source>Type a query in the search box first, then save it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/search_features.py" line="182"/>
        <source>No more hits.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SearchResultsView</name>
    <message>
        <location filename="../ui/search_panel.py" line="168"/>
        <source>Type words in the search box: results show as you type.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/search_panel.py" line="181"/>
        <source>Hide near-duplicates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/search_panel.py" line="184"/>
        <source>Show one item for each group of nearly identical texts (reprinted articles, the same testimony as PDF and Word); the others are listed on it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/search_panel.py" line="224"/>
        <source>Did you mean &lt;a href=&quot;{q}&quot;&gt;{q}&lt;/a&gt;?</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Session</name>
    <message>
        <location filename="../ui/session.py" line="129"/>
        <source>Lock after idle time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/session.py" line="130"/>
        <source>Lock the archive after this many minutes without use (0: never):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/session.py" line="195"/>
        <source>Passphrase changed. The old one no longer opens the archive.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/session.py" line="202"/>
        <source>Choose an empty folder for the new encrypted archive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/session.py" line="215"/>
        <source>New encrypted archive</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../ui/settings_dialog.py" line="39"/>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="42"/>
        <source>Your name or initials</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="44"/>
        <source>Follow the system</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="45"/>
        <source>Light</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="45"/>
        <source>Dark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="61"/>
        <source>Tesseract OCR is not installed, so pictures cannot be read. See the README for how to install it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="64"/>
        <source>Investigator:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="66"/>
        <source>Written in the custody log beside every import, tag, edit and export you make. Left empty, your computer&apos;s user name is used.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="68"/>
        <source>Read pictures in:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="70"/>
        <source>The languages OCR looks for in scans and screenshots. Fewer languages read faster; applies to files you import from now on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/settings_dialog.py" line="72"/>
        <source>Appearance:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SuggestionsPanel</name>
    <message>
        <location filename="../ui/suggestions.py" line="66"/>
        <source>Whole archive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/suggestions.py" line="68"/>
        <source>List the suggestions of every item, not only of the item shown (the first {n}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/suggestions.py" line="73"/>
        <source>Confirm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/suggestions.py" line="74"/>
        <source>The selected suggestions are right</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/suggestions.py" line="75"/>
        <source>Reject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/suggestions.py" line="76"/>
        <source>The selected suggestions are wrong: they will not be suggested again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/suggestions.py" line="78"/>
        <source>Detect again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/suggestions.py" line="79"/>
        <source>Look for phone numbers, wallets, accounts and known names in this item again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/suggestions.py" line="135"/>
        <source>{n} suggestions (the first {n}; there are more)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/suggestions.py" line="136"/>
        <source>{n} suggestions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/suggestions.py" line="137"/>
        <source>1 suggestion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/suggestions.py" line="138"/>
        <source> in this item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/suggestions.py" line="142"/>
        <source>No suggestions left to decide in the archive.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/suggestions.py" line="144"/>
        <source>Open an item to see what was found in it, or tick &lt;b&gt;Whole archive&lt;/b&gt;. Detectors suggest phone numbers, e-mails, wallets, accounts and the names of known entities when evidence comes in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/suggestions.py" line="148"/>
        <source>No suggestions left in this item. &lt;b&gt;Detect again&lt;/b&gt; looks once more; select words in the text and press Ctrl+T to tag them by hand.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/suggestions.py" line="186"/>
        <source>{n} confirmed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/suggestions.py" line="187"/>
        <source>{n} rejected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/suggestions.py" line="199"/>
        <source>Looking for entities in the item…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/suggestions.py" line="202"/>
        <source>{n} new suggestions.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TagDialog</name>
    <message>
        <location filename="../ui/tag_dialog.py" line="69"/>
        <source>Tag as entity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tag_dialog.py" line="91"/>
        <source>Type to find one; empty: a new entity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tag_dialog.py" line="104"/>
        <source>Tag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tag_dialog.py" line="109"/>
        <source>Selected:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tag_dialog.py" line="110"/>
        <source>Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tag_dialog.py" line="111"/>
        <source>Type:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tag_dialog.py" line="112"/>
        <source>Or existing entity:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tag_dialog.py" line="144"/>
        <source>The words become a confirmed mention of {name} ({type}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tag_dialog.py" line="149"/>
        <source>No entity is called that. Pick one from the list, or clear the field to make a new entity.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tag_dialog.py" line="153"/>
        <source>A new entity is made, unless one already has this name (then the mention goes to it).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Tagger</name>
    <message>
        <location filename="../ui/tag_dialog.py" line="217"/>
        <source>Tag “{name}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tag_dialog.py" line="218"/>
        <source>Tag as entity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tag_dialog.py" line="233"/>
        <source>Remove mention of {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tag_dialog.py" line="239"/>
        <source>Mention of {name} removed (Ctrl+Z brings it back).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tag_dialog.py" line="247"/>
        <source>“{quote}” tagged as {name} ({type}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tag_dialog.py" line="257"/>
        <source>Another name?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tag_dialog.py" line="258"/>
        <source>“{quote}” is not among the names of {name}. Keep it as another name (alias), so that it is found and suggested everywhere?</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TextPane</name>
    <message>
        <location filename="../ui/text_pane.py" line="119"/>
        <source>Tag as entity…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/text_pane.py" line="123"/>
        <source>Tag the selected words as a person, place, number… (Ctrl+T)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/text_pane.py" line="127"/>
        <source>Cite as event…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/text_pane.py" line="132"/>
        <source>Put the selected words on the case&apos;s timeline: a new event, or a source of one (Ctrl+Shift+T)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/text_pane.py" line="161"/>
        <source>No text could be read:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/text_pane.py" line="164"/>
        <source>This item has no text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/text_pane.py" line="187"/>
        <source>(empty page)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/text_pane.py" line="232"/>
        <source>Page {n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/text_pane.py" line="235"/>
        <source>, confidence {c:.0f}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/text_pane.py" line="367"/>
        <source>Remove mention of {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/text_pane.py" line="369"/>
        <source>These words are not {name}: take the mark away (Ctrl+Z brings it back)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/text_pane.py" line="387"/>
        <source>{name} — {type} ({state})</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ThumbStrip</name>
    <message>
        <location filename="../ui/thumbs.py" line="42"/>
        <source>The item&apos;s pages: click one to show it</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TimelineCanvas</name>
    <message>
        <location filename="../ui/timeline_view.py" line="102"/>
        <source>Timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/timeline_view.py" line="163"/>
        <source>disputed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/timeline_view.py" line="493"/>
        <source>No events to show.
Select words in an item and choose “Cite as event…” (Ctrl+Shift+T) to add one.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TimelineFeatures</name>
    <message>
        <location filename="../ui/timeline_features.py" line="60"/>
        <source>Timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/timeline_features.py" line="69"/>
        <source>Show the case&apos;s &amp;timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/timeline_features.py" line="72"/>
        <source>The events of the selected case on a time axis and as a list (Ctrl+L)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/timeline_features.py" line="110"/>
        <source>Timeline — {case}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/timeline_features.py" line="111"/>
        <source>Timeline — choose a case</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/timeline_features.py" line="138"/>
        <source>Change event “{t}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/timeline_features.py" line="160"/>
        <source>Event “{t}” deleted (Ctrl+Z brings it back).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/timeline_features.py" line="164"/>
        <source>Delete event “{t}”</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TimelinePanel</name>
    <message>
        <location filename="../ui/timeline_panel.py" line="87"/>
        <location filename="../ui/timeline_panel.py" line="146"/>
        <source>Copy as table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/timeline_panel.py" line="96"/>
        <source>Timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/timeline_panel.py" line="97"/>
        <source>List</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/timeline_panel.py" line="99"/>
        <source>The same events as a table: arrow keys to move, Enter to open the first source, Ctrl+C to copy the rows for a report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/timeline_panel.py" line="121"/>
        <source>One lane</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/timeline_panel.py" line="122"/>
        <source>A lane per person or group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/timeline_panel.py" line="123"/>
        <source>A lane per place</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/timeline_panel.py" line="129"/>
        <source>Zoom the time axis (Ctrl+wheel on the timeline)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/timeline_panel.py" line="130"/>
        <source>Years</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/timeline_panel.py" line="130"/>
        <source>Months</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/timeline_panel.py" line="131"/>
        <source>Days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/timeline_panel.py" line="131"/>
        <source>Hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/timeline_panel.py" line="135"/>
        <source>Zoom out (Ctrl+wheel, minus key)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/timeline_panel.py" line="137"/>
        <source>Zoom in (Ctrl+wheel, +)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/timeline_panel.py" line="139"/>
        <source>Whole case</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/timeline_panel.py" line="139"/>
        <source>Show every event at once</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/timeline_panel.py" line="141"/>
        <source>Disputed only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/timeline_panel.py" line="144"/>
        <source>Show only events whose sources disagree (about the date, place or what happened)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/timeline_panel.py" line="147"/>
        <source>Copy the listed events (all, or the selected rows) as a table for a report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/timeline_panel.py" line="155"/>
        <source>Lanes:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/timeline_panel.py" line="158"/>
        <source>Zoom:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/timeline_panel.py" line="185"/>
        <source>Double-click or Enter: open the cited page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/timeline_panel.py" line="188"/>
        <source>Change…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/timeline_panel.py" line="188"/>
        <source>Change what happened, when, and the details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/timeline_panel.py" line="191"/>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/timeline_panel.py" line="191"/>
        <source>Take the event off the timeline with its sources (the evidence stays; Ctrl+Z brings the event back)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/timeline_panel.py" line="205"/>
        <source>&lt;b&gt;Sources&lt;/b&gt; — double-click to open the cited page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/timeline_panel.py" line="225"/>
        <source>Choose a case to see its timeline.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/timeline_panel.py" line="227"/>
        <source>Loading events…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/timeline_panel.py" line="258"/>
        <source>{n} events, {d} disputed, {c} sources</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/timeline_panel.py" line="310"/>
        <source>No event chosen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/timeline_panel.py" line="312"/>
        <source>Click an event on the timeline, or a row of the list, to see its sources.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/timeline_panel.py" line="333"/>
        <source>(no sources cited yet)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/timeline_panel.py" line="375"/>
        <source>{n} events copied as a table.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <location filename="../ui/unlock_dialog.py" line="48"/>
        <source>Unlock the archive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/unlock_dialog.py" line="50"/>
        <source>The archive at {path} is encrypted. Type its passphrase to open it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/unlock_dialog.py" line="55"/>
        <source>Passphrase:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/unlock_dialog.py" line="62"/>
        <source>Unlock</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>c</name>
    <message>
        <location filename="../ui/timeline_paint.py" line="122"/>
        <source>disputed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/timeline_paint.py" line="181"/>
        <source>Zoom: {unit}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/timeline_paint.py" line="197"/>
        <source>All events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/timeline_paint.py" line="207"/>
        <source>{n} events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/timeline_paint.py" line="208"/>
        <source>1 event</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>self.w</name>
    <message>
        <location filename="../ui/edits.py" line="132"/>
        <location filename="../ui/originals.py" line="78"/>
        <source>Choose an item in the list first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/edits.py" line="139"/>
        <source>A tag needs some text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/edits.py" line="142"/>
        <source>Tag “{t}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/edits.py" line="148"/>
        <source>Remove tag “{t}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/edits.py" line="157"/>
        <source>Rename to “{t}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/edits.py" line="174"/>
        <source>Grade {g}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/edits.py" line="188"/>
        <source>Tag item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/edits.py" line="188"/>
        <source>Tag for “{t}”:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/edits.py" line="203"/>
        <source>This item has no tags.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/edits.py" line="205"/>
        <source>Remove tag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/edits.py" line="205"/>
        <source>Remove which tag?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/edits.py" line="215"/>
        <source>Rename item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/edits.py" line="216"/>
        <source>A title people will recognise (the file name “{f}” is kept):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/evidence_in.py" line="81"/>
        <source>Only files and folders on this computer can be imported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/evidence_in.py" line="92"/>
        <source>An import is already running; wait for it or cancel it first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/evidence_in.py" line="126"/>
        <source>A picture from the clipboard, {w} by {h} pixels, as a screenshot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/evidence_in.py" line="133"/>
        <source>The clipboard holds no picture. Take a screenshot (or copy an image), then paste it here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/originals.py" line="87"/>
        <source>Opened a read-only copy of the original: {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/originals.py" line="90"/>
        <source>No program on this computer opens it; the read-only copy is at {path}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>w</name>
    <message>
        <location filename="../ui/menus.py" line="18"/>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/menus.py" line="19"/>
        <source>&amp;New case…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/menus.py" line="21"/>
        <source>&amp;Import files…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/menus.py" line="22"/>
        <source>Import &amp;folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/menus.py" line="24"/>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/menus.py" line="25"/>
        <source>&amp;Export case…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/menus.py" line="26"/>
        <source>&amp;Open original</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/menus.py" line="29"/>
        <source>Open a read-only copy of the item&apos;s original file in this computer&apos;s own viewer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/menus.py" line="30"/>
        <source>Show original in &amp;folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/menus.py" line="41"/>
        <source>&amp;Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/menus.py" line="42"/>
        <source>&amp;Batch search…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/menus.py" line="47"/>
        <location filename="../ui/panels.py" line="88"/>
        <source>&amp;Entities</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/menus.py" line="50"/>
        <source>Show &amp;entities</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/menus.py" line="52"/>
        <source>Show &amp;suggestions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/menus.py" line="57"/>
        <source>&amp;Grade the item&apos;s source…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/menus.py" line="61"/>
        <location filename="../ui/panels.py" line="90"/>
        <source>&amp;Timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/menus.py" line="71"/>
        <source>Find</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/menus.py" line="78"/>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/menus.py" line="82"/>
        <source>&amp;Paste screenshot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/menus.py" line="85"/>
        <source>Import the picture on the clipboard as a new screenshot item (Ctrl+V in a list)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/panels.py" line="34"/>
        <source>Drop files or folders on a case to import them into it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/panels.py" line="40"/>
        <source>Cases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/panels.py" line="41"/>
        <source>Saved searches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/panels.py" line="42"/>
        <source>Narrow search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/panels.py" line="43"/>
        <source>Entities</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/panels.py" line="44"/>
        <source>Viewer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/panels.py" line="53"/>
        <source>Count the hits per case, kind, tag, entity, language and year; click to narrow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/panels.py" line="55"/>
        <source>People, places, numbers and wallets of the archive; double-click for its page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/panels.py" line="56"/>
        <source>Imports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/panels.py" line="83"/>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/panels.py" line="85"/>
        <source>&amp;Cases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/panels.py" line="86"/>
        <source>&amp;Saved searches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/panels.py" line="87"/>
        <source>&amp;Narrow search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/panels.py" line="89"/>
        <source>&amp;Viewer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/panels.py" line="91"/>
        <source>&amp;Imports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/panels.py" line="104"/>
        <source>&amp;Reset layout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/panels.py" line="105"/>
        <source>Put every panel back where it was at first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/session.py" line="94"/>
        <source>New &amp;encrypted archive…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/session.py" line="97"/>
        <source>&amp;Lock the archive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/session.py" line="100"/>
        <source>Lock after &amp;idle time…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/session.py" line="102"/>
        <source>Change the &amp;passphrase…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>window</name>
    <message>
        <location filename="../ui/edits.py" line="101"/>
        <source>&amp;Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/edits.py" line="103"/>
        <source>&amp;Redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/edits.py" line="107"/>
        <source>&amp;Tag item…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/edits.py" line="108"/>
        <source>Re&amp;move tag…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/edits.py" line="110"/>
        <source>Re&amp;name item…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
