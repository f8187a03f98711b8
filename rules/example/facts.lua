-- Facts the example pack reads: every record kind and every aggregate.

fact "services" { count = "activity", where = { kind = { "service", "public_welfare", "lecture" }, complete = true } }
fact "lectures" { count = "activity", where = { kind = "lecture" } }
fact "hours" { sum = "hours", of = "activity", where = { complete = true } }
fact "residence_services" { count = "activity", where = { in_residence = true, complete = true } }
fact "months_served" { months = "activity" }
fact "communities_served" { distinct = "community", of = "activity" }
fact "excellent" { count = "activity", where = { rating = "优" } }
fact "hours_to_date" { sum = "hours", of = "activity", within = "through", where = { verified = true } }
fact "claims" { count = "claim" }
fact "suggestions" { count = "suggestion" }
fact "adopted" { any = "suggestion", where = { adopted = true } }
fact "first_registration" { min = "date", of = "registration", within = "through" }
fact "latest_in_residence" { latest = "in_residence", of = "registration", within = "through", default = false }
fact "pairings" { count = "pairing" }
fact "unvisited" { unvisited_months = "pairing", visit = { kind = "visit" } }
fact "wishes_done" { count = "wish", on = "done" }
fact "breaches" { count = "breach" }
fact "ledger_balance" { sum = "points", of = "ledger", within = "through" }
fact "last_breach" { max = "date", of = "breach" }

-- Org level.
fact "good_deeds" { count = "org_event", where = { kind = "good_deed" } }
fact "members" { count = "member" }
fact "effective" { count = "member", where = { passed = "example.services" } }
fact "graded_good" { count = "member", where = { grade = "好" } }
