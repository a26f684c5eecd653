# embed.cmake: writes OUT, a C file defining NAME[] (NUL-terminated) and NAME_len with the
# bytes of IN. Run with cmake -DIN=... -DOUT=... -DNAME=... -P embed.cmake
file(READ "${IN}" hex HEX)
string(LENGTH "${hex}" n)
math(EXPR bytes "${n} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," body "${hex}")
file(WRITE "${OUT}.tmp" "/* generated from ${IN}; do not edit */\nconst char ${NAME}[] = {${body}0};\nconst unsigned long ${NAME}_len = ${bytes}UL;\n")
file(RENAME "${OUT}.tmp" "${OUT}")
