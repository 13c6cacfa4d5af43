"""The demo school: invented but plausible people for trying the app and for load tests.

Everything is drawn from resources/demo/names.json with one random.Random(seed) and the
given `today`, so a seed always gives the same school. The rows go in with Core bulk
inserts in one transaction: 50,000 people take a few seconds.

Who is generated (N = students):
- руководители (category "head"): the director and 2 deputies, a 3rd deputy from 40
  teachers on; they come IN ADDITION to `teachers`, which counts category "teacher" only;
- педагоги: ~10% young specialists (less than 3 years of service; mentees in the target
  group «молодые специалисты»), ~half of the others mentors;
- обучающиеся in classes 1А…11В (more letters and bigger classes only when N needs them);
- родители max(3, N//60), выпускники max(2, N//150), студенты max(2, N//200),
  представители организаций-партнёров max(3, N//100).

Then pairs and groups (pairs.py), by the rules of domain.pairs: about 40% of the mentees
are or were in one (young specialists first; a big school runs out of mentors' capacity,
and the rest get pairs that have ended); a few groups of 2-4 from one class, or young
teachers with a deputy head; every status and end reason; orders of the last and this
academic year, numbered anew each calendar year and in the orders journal as issued;
personalized programs with plans and meetings; one extension, one change of mentor, some
pairs with no meeting for over 4 weeks, one mentor over capacity and one working pair
whose mentee has no valid consent; every other warning a card can carry on a few pairs
(showcase.py), and at least three staff mentors ready to take a mentee with
nothing to warn about. A third of the free mentees and some mentors have filled the
networking questionnaire.

The roadmap (roadmap.py): «Дорожная карта наставничества на …» for the academic year
before the current one and the current one, from the sample roadmap of прил. 2 к приказу
отдела образования Завитинского МО от 15.11.2022 № 246, with the
deadlines, staff responsible (the deputy director for ВР — the curator —, the deputy for
УВР, the director, the adviser, the psychologist, mentors) and free text for outsiders; on
`today` its items are in every state: done (with dates and some evidence), in progress,
not started and overdue, and one is due within days. It has its own Random, so it does
not change the rest of the school.

Monitoring (monitoring.py), for the academic year before the current one and the current
one, with its own Random: about 40% of the students aged 7-18 «занимаются в ДОП»; the
contingent taken from the register, with the children 10-19 and the organizations of the
territory typed over larger (the territory has more than the register); satisfaction
answers of mentees (~40, at most 90% of the year's mentees) and mentors (~15), a quarter
named, the rest anonymous, the earlier year less satisfied; a SWOT table; stage-2
parameters (average mark, motivation, methodological skill) measured at the start and
the end for most mentees of the year's pairs, a pair begun in the last month not yet at
the end; two or three best practices of the year as the curator describes them (a club of
young engineers, a school of the young teacher, professional trials with a partner, one
without a form). The chosen indicator set and the reference dates are left at their defaults.

The modules: names (names.json and the vocabulary the people draw from), people
(the register), units, pairs and showcase (pairs and groups), programs (their plans),
preferences (the questionnaire), roadmap, monitoring, generate (the entry point,
generate_demo).
"""

from mentor_desk.demo.generate import generate_demo
from mentor_desk.demo.names import female_surname, grade_sizes, load_names

__all__ = ["female_surname", "generate_demo", "grade_sizes", "load_names"]
