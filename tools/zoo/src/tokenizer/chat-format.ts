/**
 * The zoo's chat format. A conversation renders as
 * `<|begin|><|user|>{prompt}<|end|><|assistant|>{reply}<|end|>`, and generation stops at `<|end|>`.
 */
export const SPECIAL_TOKENS = {
  pad: '<|pad|>',
  begin: '<|begin|>',
  system: '<|system|>',
  user: '<|user|>',
  assistant: '<|assistant|>',
  end: '<|end|>',
} as const;

/** Special tokens in id order: <|pad|> is id 0, <|begin|> id 1, and so on. */
export const SPECIAL_TOKEN_LIST: readonly string[] = Object.values(SPECIAL_TOKENS);

/**
 * Jinja chat template (the subset transformers.js and Python transformers both run). Roles other than
 * system, user and assistant raise, so a typo in a message list fails loudly instead of rendering.
 */
export const CHAT_TEMPLATE =
  '{{ bos_token }}' +
  '{% for message in messages %}' +
  "{% if message['role'] not in ['system', 'user', 'assistant'] %}" +
  "{{ raise_exception('Unknown role ' + message['role'] + ': expected system, user or assistant') }}" +
  '{% endif %}' +
  "{{ '<|' + message['role'] + '|>' + message['content'] + '<|end|>' }}" +
  '{% endfor %}' +
  "{% if add_generation_prompt %}{{ '<|assistant|>' }}{% endif %}";
