"""What is checked with finished derivations: a learner's answer (:mod:`.answers`), the
typical mistake that explains a wrong one (:mod:`.mistakes`) and the simplest point that
shows it wrong (:mod:`.counterexample`), a worked solution line by line (:mod:`.work`), a
class's answers (:mod:`.grade`), a stated identity (:mod:`.identity`), a whole file
(:mod:`.batch`), why a rule holds (:mod:`.explain`) and the value and tangent at a point
(:mod:`.points`)."""
