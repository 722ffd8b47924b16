-- AlterEnum
ALTER TYPE "order_role" ADD VALUE 'EXTERNAL';
