"""What is checked with finished derivations: a learner's answer (:mod:`.answers`), a
stated identity (:mod:`.identity`), a whole file (:mod:`.batch`), why a rule holds
(:mod:`.explain`) and the value and tangent at a point (:mod:`.points`)."""
