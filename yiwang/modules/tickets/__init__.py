"""诉求 (tickets) — the 12345-style ticket engine behind 市长信箱, 市长专线, 行风热线 and 在线咨询.

First slice: the category tree, citizen submission with a 查询码, lookup by 查询码 + phone and
我的诉求. Dispatch (派单), handling, 回访 and publication come in later slices.
"""
