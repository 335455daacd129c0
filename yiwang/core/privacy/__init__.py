"""个人信息保护: encrypted fields, keyed-hash lookup columns and key rotation.

个人信息保护法 Art. 51 and GB/T 22239 L3-CES1-27/28 require personal information such as ID
numbers and phone numbers to be encrypted at rest. Depends only on Django and `cryptography`.
"""
