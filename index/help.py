"""The search syntax explained for people: shown by the window's help and `search --syntax`."""

from __future__ import annotations

SYNTAX = """\
Searching

  Type words: every one of them must be in the item. Thai, Burmese and Chinese words are
  found inside unspaced sentences; English words also match their other forms (recruited
  finds recruiting); KK, full-width KK and kk are the same, and so are 园区 and 園區.

  "KK Park"            an exact phrase (also across a line break)
  wallet OR usdt       either word
  passport NOT office  the first, but not with the second
  (wallet OR usdt) AND telegram
                       parentheses group; AND is what a space means
  recruit*             words that start with "recruit" (the 100 most frequent)
  Zhao~                similar spelling: Zhao, Zhou, Chao (Zhao~2: even more different)

Fields (put them before a word or a "quoted value")

  case:"KK Park"       items of that case         kind:screenshot   testimony, news, email…
  tag:"court exhibit"  items with that tag        entity:"Zhao Wei" items that mention it
  lang:thai            language of the text (thai, burmese, chinese, english, or tha, mya…)
  source:reuters       where it came from         title:raid        words in the title
  file:statement       words in the file name

Dates (a year, a month or a day; ranges include both ends)

  date:2024                   the date the item bears (sent, written, taken), else collected
  date:[2023-01 to 2024-06]   from January 2023 to the end of June 2024
  date:[2024-03 to]           from March 2024 on       date:[to 2022]   until the end of 2022
  captured:2024               photos and screenshots taken in 2024 (also taken:)
  sent:2024-03                e-mails sent in March 2024    published:2023  news published
  created:2022                documents written in 2022 (their own metadata says so)
  collected:2024-05           collected in May 2024    added:2024-06-02  imported that day

Example: screenshots in the KK Park case mentioning a wallet in 2024

  kind:screenshot case:"KK Park" wallet date:2024

If the syntax in a query makes no sense, its words are searched as plain words.
"""
