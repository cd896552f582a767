--  // Copyright 2023 The Tari Project
--  // SPDX-License-Identifier: BSD-3-Clause

ALTER TABLE non_fungible_tokens
    DROP token_symbol;