" Vim syntax file for labc's .lab language: the same classes as the TextMate grammar in
" editors/vscode, for Vim and for Neovim before 0.9 (which cannot colour from the language
" server's semantic tokens). Where several items start at the same column, the one defined
" last wins, so the generic word comes first and the most specific literals last.
if exists('b:current_syntax')
  finish
endif

syn case match

" Values: a bare name (a reference or an enum value) first, literals after it.
syn match labReference /\v<[A-Za-z_][A-Za-z0-9_]*(-+[A-Za-z0-9_]+)*>/
syn match labNumber /\v%(^|[^[:alnum:]_.])@<=-?\d+%(\.\d+)?>/
syn match labDuration /\v<\d+%(ms|s|m|h|d)%(\d+%(ms|s|m|h))*>/
syn match labQuantity /\v<\d+%(\.\d+)?%(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)>/
syn match labVersion /\v<%(v\d+%(\.\d+){1,2}|\d+\.\d+\.\d+)%(-[0-9A-Za-z.]+)?%(\+[0-9A-Za-z.]+)?>/
syn match labIP /\v<\d+%(\.\d+){3}>/
syn match labCidr /\v<\d+%(\.\d+){3}\/\d+>/
syn match labParameter /\v<[A-Za-z_][A-Za-z0-9_]*\ze\s*:%(:)@!/
syn match labIPv6 /\v%(^|[^[:alnum:]_:])@<=%([0-9a-fA-F]{0,4}:){2,7}[0-9a-fA-F]{0,4}%(\/\d{1,3})?%([[:alnum:]_:])@!/
syn match labMac /\v<[0-9a-fA-F]{2}%(:[0-9a-fA-F]{2}){5}>/
syn keyword labBoolean true false null
syn match labFunction /\v<[A-Za-z_][A-Za-z0-9_-]*\ze\(/
syn match labStd /\v<std\ze\.[A-Za-z_]/ nextgroup=labStdDot
syn match labStdDot /\./ contained nextgroup=labStdApp
syn match labStdApp /\v[A-Za-z_][A-Za-z0-9_-]*/ contained
syn match labOperator /=/

" A field name: before `=` or `{`.
syn match labProperty /\v<[A-Za-z_][A-Za-z0-9_]*(-+[A-Za-z0-9_]+)*\ze\s*[={]/

" Declarations: `app echo in default from std.app-template {`.
syn match labDeclKeyword /\v^\s*\zs%(cluster|network|node|app|secret)>/ nextgroup=labDeclName skipwhite
syn match labDeclName /\v[A-Za-z_][A-Za-z0-9_]*(-+[A-Za-z0-9_]+)*/ contained nextgroup=labIn,labFrom skipwhite
syn match labIn /\v<in>/ contained nextgroup=labNamespace skipwhite
syn match labNamespace /\v[A-Za-z_][A-Za-z0-9_]*(-+[A-Za-z0-9_]+)*/ contained nextgroup=labIn,labFrom skipwhite
syn match labFrom /\v<from>/ contained nextgroup=labStd skipwhite
syn match labImport /\v^\s*\zsimport>/

" Strings: escapes as the parser reads them; an unknown escape is an error there too.
syn match labEscape /\v\\%([nrt"\\$0]|u[0-9a-fA-F]{4})/ contained
syn match labInvalidEscape /\v\\%([nrt"\\$0]|u[0-9a-fA-F]{4})@!./ contained
syn match labSubstitution /\v\$\{[A-Za-z_][A-Za-z0-9_]*\}/ contained
syn match labDollarEscape /\v\$\$\{/ contained
syn region labString start=/"/ skip=/\\./ end=/"\|$/ contains=labEscape,labInvalidEscape,labSubstitution,labDollarEscape oneline
syn region labTripleString start=/"""/ end=/"""/ contains=labSubstitution,labDollarEscape
syn match labQuotedKey /\v"%([^"\\]|\\.)*"\ze\s*\=/

" Comments last: `#` and `//` start one anywhere outside a string.
syn keyword labTodo TODO FIXME XXX NOTE contained
syn match labLineComment /\v%(\/\/|#).*$/ contains=labTodo,@Spell
syn region labBlockComment start=/\/\*/ end=/\*\// contains=labTodo,@Spell

hi def link labLineComment Comment
hi def link labBlockComment Comment
hi def link labTodo Todo
hi def link labImport Include
hi def link labDeclKeyword Keyword
hi def link labDeclName Type
hi def link labIn Keyword
hi def link labFrom Keyword
hi def link labNamespace Identifier
hi def link labStd Include
hi def link labStdDot Delimiter
hi def link labStdApp Type
hi def link labProperty Identifier
hi def link labQuotedKey Identifier
hi def link labParameter Identifier
hi def link labFunction Function
hi def link labOperator Operator
hi def link labString String
hi def link labTripleString String
hi def link labEscape SpecialChar
hi def link labDollarEscape SpecialChar
hi def link labInvalidEscape Error
hi def link labSubstitution Special
hi def link labBoolean Boolean
hi def link labNumber Number
hi def link labDuration Number
hi def link labQuantity Number
hi def link labVersion Constant
hi def link labIP Constant
hi def link labCidr Constant
hi def link labIPv6 Constant
hi def link labMac Constant

let b:current_syntax = 'lab'
