"""Safe evaluation of gateway conditions and timer durations from uploaded BPMN.

An administrator's upload is still untrusted input, so expressions are never given to `eval`:
they are parsed with `ast` and walked over a whitelist — literals, variable names, comparisons,
`and`/`or`/`not`, `+ - * / %` on numbers, `in`, subscripts and `x if c else y`. No calls, no
attribute access, no imports, no builtins, no comprehensions, no `**` (a cheap way to burn CPU).
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Mapping
from typing import Any

MAX_LENGTH = 500

_COMPARE: dict[type[ast.cmpop], Callable[[Any, Any], bool]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.In: lambda a, b: a in b,
    ast.NotIn: lambda a, b: a not in b,
}
_ARITHMETIC: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.Mod: operator.mod,
}


class ExpressionError(ValueError):
    """An expression that is not allowed or cannot be computed; the message is Chinese."""


def parse(expression: str) -> ast.Expression:
    """Parse and check `expression` against the whitelist (no evaluation)."""
    if len(expression) > MAX_LENGTH:
        raise ExpressionError(f"表达式过长（不超过{MAX_LENGTH}个字符）")
    try:
        tree = ast.parse(expression.strip(), mode="eval")
    except SyntaxError as exc:
        raise ExpressionError(f"表达式语法错误：{exc.msg}") from exc
    for node in ast.walk(tree):
        if not isinstance(node, _ALLOWED_NODES):
            raise ExpressionError(f"表达式中不允许使用 {type(node).__name__}（只能比较流程变量和常量）")
        if isinstance(node, ast.Name) and node.id.startswith("_"):
            raise ExpressionError(f"变量名不能以下划线开头：{node.id}")
        if isinstance(node, ast.BinOp) and type(node.op) not in _ARITHMETIC:
            raise ExpressionError("表达式中只允许 + - * / % 运算")
        if isinstance(node, ast.Compare) and any(type(op) not in _COMPARE for op in node.ops):
            raise ExpressionError("表达式中只允许 == != < <= > >= in not in 比较")
    return tree


_ALLOWED_NODES = (
    ast.Expression,
    ast.BoolOp,
    ast.And,
    ast.Or,
    ast.UnaryOp,
    ast.Not,
    ast.USub,
    ast.UAdd,
    ast.BinOp,
    ast.Compare,
    ast.Name,
    ast.Load,
    ast.Constant,
    ast.List,
    ast.Tuple,
    ast.Set,
    ast.Subscript,
    ast.IfExp,
    *_COMPARE,
    *_ARITHMETIC,
)


def evaluate(expression: str, variables: Mapping[str, Any]) -> Any:
    """The value of `expression` over `variables`; ExpressionError if it is refused or fails."""
    tree = parse(expression)
    try:
        return _eval(tree.body, variables)
    except ExpressionError:
        raise
    except Exception as exc:  # TypeError, ZeroDivisionError, KeyError, ...
        raise ExpressionError(f"表达式“{expression}”无法计算：{exc}") from exc


def _eval(node: ast.AST, variables: Mapping[str, Any]) -> Any:
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        if node.id in ("True", "False", "None"):
            return {"True": True, "False": False, "None": None}[node.id]
        if node.id not in variables:
            raise ExpressionError(f"流程变量 {node.id} 未赋值")
        return variables[node.id]
    if isinstance(node, ast.BoolOp):
        values = (_eval(value, variables) for value in node.values)
        return all(values) if isinstance(node.op, ast.And) else any(values)
    if isinstance(node, ast.UnaryOp):
        operand = _eval(node.operand, variables)
        if isinstance(node.op, ast.Not):
            return not operand
        _require_number(operand)
        return -operand if isinstance(node.op, ast.USub) else +operand
    if isinstance(node, ast.BinOp):
        left, right = _eval(node.left, variables), _eval(node.right, variables)
        if not isinstance(node.op, ast.Add) or not (isinstance(left, str) and isinstance(right, str)):
            _require_number(left)
            _require_number(right)
        return _ARITHMETIC[type(node.op)](left, right)
    if isinstance(node, ast.Compare):
        left = _eval(node.left, variables)
        for op, comparator in zip(node.ops, node.comparators, strict=True):
            right = _eval(comparator, variables)
            if not _COMPARE[type(op)](left, right):
                return False
            left = right
        return True
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        items = [_eval(element, variables) for element in node.elts]
        return set(items) if isinstance(node, ast.Set) else items
    if isinstance(node, ast.Subscript):
        return _eval(node.value, variables)[_eval(node.slice, variables)]
    if isinstance(node, ast.IfExp):
        return _eval(node.body if _eval(node.test, variables) else node.orelse, variables)
    raise ExpressionError(f"表达式中不允许使用 {type(node).__name__}")


def _require_number(value: Any) -> None:
    # Only numbers take part in arithmetic, so "x" * 10**9 cannot exhaust memory.
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ExpressionError("算术运算只能用于数字")
